using System.Runtime.InteropServices;

namespace SemanticRouter.Recording;

/// <summary>
/// A dedicated thread for the flywheel's heavy background work (the move to Parquet), below the requests' CPU
/// priority. On a busy machine that work otherwise competes with the request path for the same cores, and a
/// flush's tens of milliseconds of DuckDB work land on the gateway's p99; at a lower priority the scheduler runs
/// it on what the requests leave, and preempts it when a request thread wakes. Linux only (<c>setpriority</c> on
/// the thread id; lowering a priority needs no privilege); elsewhere the thread runs at normal priority.
/// </summary>
public static partial class BackgroundThread
{
    /// <summary>The nice value of the threads (0 is normal, 19 the lowest).</summary>
    public const int Nice = 10;

    /// <summary>Starts <paramref name="body"/> on a new background thread at the lower priority; the task completes when it returns.</summary>
    public static Task Start(string name, Action body)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                Lower();
                body();
                done.SetResult();
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        }) { IsBackground = true, Name = name };
        thread.Start();
        return done.Task;
    }

    private static void Lower()
    {
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            _ = SetPriority(PrioProcess, GetTid(), Nice); // a thread id is a task id to the scheduler
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            // a libc without gettid: the thread keeps the normal priority
        }
    }

    private const int PrioProcess = 0;

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetTid();

    [LibraryImport("libc", EntryPoint = "setpriority")]
    private static partial int SetPriority(int which, int who, int priority);
}
