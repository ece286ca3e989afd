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
    BenchSessionsCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
