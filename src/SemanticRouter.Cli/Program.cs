using System.CommandLine;
using SemanticRouter.Cli.Commands;
using Spectre.Console;

// Output to a file or a pipe is plain text: no colour codes, and lines as long as they are (not wrapped at 80).
if (Console.IsOutputRedirected)
{
    AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings
    {
        Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No,
        Out = new AnsiConsoleOutput(Console.Out),
    });
    AnsiConsole.Console.Profile.Width = 4096;
}

var root = new RootCommand("SemanticRouter: an OpenAI-compatible gateway that routes each request to the model that answers it best.")
{
    ServeCommand.Create(),
    MockCommand.Create(),
    WorldCommand.Create(),
    DemoCommand.Create(),
    CollectCommand.Create(),
    BenchFlywheelCommand.Create(),
    TrainCommand.Create(),
    BenchCommand.Create(),
    BenchRoutingCommand.Create(),
    BenchLearningCommand.Create(),
    BenchEncoderCommand.Create(),
    BenchTrainCommand.Create(),
    HashKeyCommand.Create(),
    PerfCommand.Create(),
    PerfClientCommand.Create(),
    SoakCommand.Create(),
    BenchSessionsCommand.Create(),
};
// serve stops on SIGTERM as its host does (answers in flight finish within Gateway:ShutdownSeconds, then the flywheel
// drains): System.CommandLine's own handling would end the process two seconds after the signal.
var invocation = new InvocationConfiguration();
if (args is ["serve", ..]) invocation.ProcessTerminationTimeout = null;
return await root.Parse(args).InvokeAsync(invocation);
