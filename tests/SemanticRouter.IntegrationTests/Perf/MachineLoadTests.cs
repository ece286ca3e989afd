using SemanticRouter.Benchmarks.Perf;

namespace SemanticRouter.IntegrationTests.Perf;

public sealed class MachineLoadTests
{
    [Fact]
    public void Steal_is_a_share_of_all_the_cores_time_and_not_counted_as_other_processes_work()
    {
        var start = new MachineLoad.Sample(Busy: 1000, Total: 10_000, Own: 500, Steal: 100);
        var end = new MachineLoad.Sample(Busy: 1100, Total: 10_400, Own: 550, Steal: 180);

        Assert.Equal(0.2, MachineLoad.StolenShare(start, end)!.Value, 6);
        // 100 busy ticks, 50 of them this process tree's, over 400 ticks of two cores
        Assert.Equal(50.0 / 400 * Environment.ProcessorCount, MachineLoad.OtherCores(start, end)!.Value, 6);
        Assert.Null(MachineLoad.StolenShare(start, null));
    }
}
