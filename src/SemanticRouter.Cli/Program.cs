using System.CommandLine;
using SemanticRouter.Cli.Commands;

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
};
// serve stops on SIGTERM as its host does (answers in flight finish within Gateway:ShutdownSeconds, then the flywheel
// drains): System.CommandLine's own handling would end the process two seconds after the signal.
var invocation = new InvocationConfiguration();
if (args is ["serve", ..]) invocation.ProcessTerminationTimeout = null;
return await root.Parse(args).InvokeAsync(invocation);
