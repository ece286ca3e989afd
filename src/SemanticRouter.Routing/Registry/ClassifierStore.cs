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

    /// <summary>
    /// Deletes the folders of versions that were never promoted, all but the newest <paramref name="keep"/>: every
    /// retrain leaves one (about 500 KB), and only the latest few are worth reading. A version is kept when its
    /// <c>decision.json</c> says it was promoted, when it has none, and when it is the champion. Returns what it deleted.
    /// </summary>
    public IReadOnlyList<string> PruneUnpromoted(int keep)
    {
        var champion = Champion();
        var unpromoted = Versions().Where(m => m.Version != champion && Decided(m.Version) == false).Skip(Math.Max(keep, 0)).Select(m => m.Version).ToList();
        foreach (var version in unpromoted)
        {
            try
            {
                Directory.Delete(Folder(version), recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Another gateway sharing the directory pruned it first, or a reader holds it: the next retrain tries again.
            }
        }
        return unpromoted;
    }

    /// <summary>Whether the training job promoted this version (its decision.json), or null when it left no decision.</summary>
    private bool? Decided(string version)
    {
        try
        {
            using var decision = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Folder(version), DecisionFile)));
            return decision.RootElement.TryGetProperty("promoted", out var promoted) && promoted.ValueKind is JsonValueKind.True or JsonValueKind.False
                ? promoted.GetBoolean() : null;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or JsonException)
        {
            return null;
        }
    }

    /// <summary>The training job's record of why a version was or was not promoted.</summary>
    public const string DecisionFile = "decision.json";

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
