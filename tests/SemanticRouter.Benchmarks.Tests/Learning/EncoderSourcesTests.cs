using SemanticRouter.Benchmarks.Learning;

namespace SemanticRouter.Benchmarks.Tests.Learning;

public sealed class EncoderSourcesTests
{
    [Fact]
    public void Sources_in_the_encoders_training_data_are_seen_and_an_encoder_that_does_not_say_has_seen_all()
    {
        var folder = Directory.CreateTempSubdirectory("encoder-sources-").FullName;
        try
        {
            Assert.Equal(["a", "b"], EncoderSources.SeenOf(folder, ["a", "b"]));
            File.WriteAllText(Path.Combine(folder, "metrics.json"), """{"data": {"training_rows_by_source": {"a": 10, "train.json": 5}}}""");
            Assert.Equal(["a"], EncoderSources.SeenOf(folder, ["a", "b"]));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
