using Microsoft.ML;
using Microsoft.ML.Data;
using SemanticRouter.Mock;
using SemanticRouter.Routing.Encoders;
using SemanticRouter.Routing.Estimation;
using SemanticRouter.Routing.Policy;
using SemanticRouter.Training;

namespace SemanticRouter.Benchmarks.Learning;

/// <summary>
/// Gradient-boosted regression trees (ML.NET's FastTree or LightGBM) in place of the ridge head, to measure whether
/// they route better: the same features (the encoder's embedding with its signals, then <see cref="TextFeatures"/>),
/// the same recorded rows, the same policy; per model one regressor of the score and one of the latency. Its picks
/// on the verify questions are scored and timed as the mock would, like the naive router's.
/// </summary>
public static class TreeHead
{
    public static readonly string[] Trainers = ["fasttree", "lightgbm"];

    public static BaselineResult Evaluate(string trainer, World world, IReadOnlyList<LabeledQuestion> verify, string dataDir, OnnxEncoder encoder, UtilityPolicy policy)
    {
        var data = FlywheelDataset.Load(dataDir);
        var models = data.Models.ToList();
        var cache = new EmbeddingCache(dataDir, encoder);
        var dim = encoder.Dimension + TextFeatures.Dimension;
        var texts = data.Questions.Select(q => q.Question).ToList();
        var features = Features(cache.Get(texts), texts, encoder.Dimension);
        var ml = new MLContext(seed: 1);
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, dim);

        var engines = new List<(PredictionEngine<Row, Prediction> Score, PredictionEngine<Row, Prediction> Latency)>();
        foreach (var model in models)
        {
            var answered = Enumerable.Range(0, data.Questions.Count).Where(i => data.Questions[i].ByModel.ContainsKey(model)).ToList();
            PredictionEngine<Row, Prediction> Fit(Func<Observation, double> target)
            {
                var rows = answered.Select(i => new Row { Features = features[i], Label = (float)target(data.Questions[i].ByModel[model]) });
                var view = ml.Data.LoadFromEnumerable(rows, schema);
                IEstimator<ITransformer> estimator = trainer switch
                {
                    "lightgbm" => ml.Regression.Trainers.LightGbm(numberOfLeaves: 15, minimumExampleCountPerLeaf: 10, learningRate: 0.1, numberOfIterations: 200),
                    _ => ml.Regression.Trainers.FastTree(numberOfLeaves: 15, numberOfTrees: 200, minimumExampleCountPerLeaf: 10, learningRate: 0.1),
                };
                return ml.Model.CreatePredictionEngine<Row, Prediction>(estimator.Fit(view), inputSchemaDefinition: schema);
            }
            engines.Add((Fit(o => o.Score), Fit(o => o.LatencyMs / 1000)));
        }

        var meanCost = models.Select(m => data.Questions.Where(q => q.ByModel.ContainsKey(m)).Select(q => q.ByModel[m].Cost).DefaultIfEmpty(0).Average()).ToArray();
        var verifyTexts = verify.Select(q => q.Question).ToList();
        var verifyFeatures = Features(cache.Get(verifyTexts), verifyTexts, encoder.Dimension);
        double score = 0, latency = 0;
        var (scores, latencies) = (new double[models.Count], new double[models.Count]);
        for (var i = 0; i < verify.Count; i++)
        {
            var row = new Row { Features = verifyFeatures[i] };
            for (var m = 0; m < models.Count; m++)
                (scores[m], latencies[m]) = (engines[m].Score.Predict(row).Score, Math.Max(0, engines[m].Latency.Predict(row).Score));
            var chosen = world.Find(policy.Rank([.. models], scores, latencies, meanCost, _ => true)[0].Model)!;
            score += world.Score(verify[i], chosen);
            latency += world.Latency(verify[i].Question, verify[i].Difficulty, chosen).TotalMilliseconds;
        }
        return new BaselineResult(score / verify.Count, latency / verify.Count);
    }

    private static List<float[]> Features(float[][] embeddings, IReadOnlyList<string> texts, int embeddingDim) =>
        texts.Select((text, i) =>
        {
            var f = new float[embeddingDim + TextFeatures.Dimension];
            embeddings[i].CopyTo(f, 0);
            TextFeatures.Write(text, f.AsSpan(embeddingDim));
            return f;
        }).ToList();

    private sealed class Row
    {
        public float[] Features { get; set; } = [];
        public float Label { get; set; }
    }

    private sealed class Prediction
    {
        [ColumnName("Score")] public float Score { get; set; }
    }
}
