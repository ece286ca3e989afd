using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SemanticRouter.Gateway.Routing;
using SemanticRouter.Routing;
using SemanticRouter.Routing.Encoders;
using SemanticRouter.Routing.Registry;

namespace SemanticRouter.Gateway.Registry;

/// <summary>
/// The classifier in service. At start it loads the encoder once (one ONNX Runtime session per process) and the
/// newest promoted classifier of the data directory, else the shipped default; then it watches the champion
/// pointer and swaps in a newly promoted classifier atomically, whichever process promoted it.
/// </summary>
public sealed partial class ClassifierRegistry(IOptions<RoutingOptions> routing,
    ILogger<ClassifierRegistry> logger) : BackgroundService
{
    private readonly ClassifierStore _store = new(routing.Value.DataDir);
    private volatile Classifier? _current;
    private Classifier? _shipped;
    private OnnxEncoder? _encoder;
    private DateTime _seen = DateTime.MinValue;

    /// <summary>The classifier serving now, or null when none could be loaded (routing then uses the default model).</summary>
    public Classifier? Current => _current;

    public OnnxEncoder? Encoder => _encoder;

    /// <summary>The classifier shipped with the build (<c>Routing:DefaultClassifierPath</c>): the anchor promotion never falls below.</summary>
    public Classifier? Shipped => _shipped;

    public ClassifierStore Store => _store;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (routing.Value.Enabled) Load();
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_encoder is null) return;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(0.1, routing.Value.WatchSeconds)));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (_store.ChampionChanged() != _seen) Reload();
        }
    }

    /// <summary>Loads the current champion now (also what <c>POST /admin/reload</c> does).</summary>
    public void Reload()
    {
        _seen = _store.ChampionChanged();
        var version = _store.Champion();
        if (_encoder is null || version is null || version == _current?.Version) return;
        try
        {
            // A rollback may return to the shipped classifier, which is not under models/.
            _current = version == _shipped?.Version ? _shipped : ClassifierStore.Load(_store.Folder(version), _encoder);
            LogSwapped(version);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or System.Text.Json.JsonException)
        {
            LogLoadFailed(version, e.Message);
        }
    }

    private void Load()
    {
        var options = routing.Value;
        try
        {
            _encoder = OnnxEncoder.Load(options.EncoderPath, options.EncoderThreads);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException)
        {
            LogEncoderMissing(options.EncoderPath, e.Message);
            return;
        }
        try
        {
            _shipped = ClassifierStore.Load(options.DefaultClassifierPath, _encoder);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or System.Text.Json.JsonException)
        {
            LogLoadFailed(options.DefaultClassifierPath, e.Message);
        }
        Reload();
        if (_current is not null || _shipped is null) return;
        _current = _shipped;
        LogSwapped(_current.Version);
    }

    public override void Dispose()
    {
        _encoder?.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Classifier {Version} is in service")]
    private partial void LogSwapped(string version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not load classifier {Version}: {Reason}")]
    private partial void LogLoadFailed(string version, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No encoder at {Path} ({Reason}); routed requests go to the default model")]
    private partial void LogEncoderMissing(string path, string reason);
}
