using System.Text.Json;
using SemanticRouter.Routing.Encoders;
using SemanticRouter.Routing.Estimation;

namespace SemanticRouter.Routing.Registry;

/// <summary>
/// The Promote stage's storage: classifier versions under <c>&lt;data-dir&gt;/models/&lt;version&gt;/</c> and the
/// champion pointer <c>models/champion.json</c>, replaced atomically (write, then rename) so a watcher never
/// reads half of it. Any process sharing the data directory sees a promotion through this file.
/// </summary>
public sealed class ClassifierStore(string dataDir)
{
    public string Root { get; } = Path.Combine(Path.GetFullPath(dataDir), "models");

    private string ChampionFile => Path.Combine(Root, "champion.json");

    public string Folder(string version) => Path.Combine(Root, version);

    /// <summary>The promoted version, or null when nothing was ever promoted here.</summary>
    public string? Champion()
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(ChampionFile));
            return document.RootElement.GetProperty("version").GetString();
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or JsonException or KeyNotFoundException)
        {
            return null;
        }
    }

    /// <summary>When the champion pointer last changed (or <see cref="DateTime.MinValue"/>): cheap to poll.</summary>
    public DateTime ChampionChanged() => File.Exists(ChampionFile) ? File.GetLastWriteTimeUtc(ChampionFile) : DateTime.MinValue;

    public void Promote(string version)
    {
        if (!File.Exists(Path.Combine(Folder(version), ClassifierManifest.FileName)))
            throw new InvalidOperationException($"No classifier version '{version}' in {Root}.");
        ReturnTo(version);
    }

    /// <summary>Points the champion back at a version that served before: it may be the shipped classifier, which is not under <see cref="Root"/>.</summary>
    public void ReturnTo(string version)
    {
        Directory.CreateDirectory(Root);
        var temporary = ChampionFile + $".tmp-{Environment.ProcessId}";
        File.WriteAllText(temporary, JsonSerializer.Serialize(new Dictionary<string, string> { ["version"] = version }));
        File.Move(temporary, ChampionFile, overwrite: true);
    }

    /// <summary>Every version written here, newest first.</summary>
    public IEnumerable<ClassifierManifest> Versions() =>
        Directory.Exists(Root)
            ? Directory.EnumerateDirectories(Root)
                .Where(d => File.Exists(Path.Combine(d, ClassifierManifest.FileName)))
                .Select(ClassifierManifest.Load)
                .OrderByDescending(m => m.Created)
            : [];

    /// <summary>Loads a classifier folder against an encoder; the head must have been trained on that encoder's embeddings.</summary>
    public static Classifier Load(string folder, OnnxEncoder encoder)
    {
        var manifest = ClassifierManifest.Load(folder);
        if (manifest.EncoderVersion != encoder.Version)
            throw new InvalidDataException(
                $"Classifier {manifest.Version} was trained on encoder {manifest.EncoderVersion}, but {encoder.Version} is loaded; retrain it with `semrouter train`.");
        return new Classifier(encoder, RoutingHead.Load(Path.Combine(folder, manifest.Head)), manifest);
    }
}
