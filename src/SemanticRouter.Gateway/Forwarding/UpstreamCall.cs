using System.Diagnostics;
using SemanticRouter.Gateway.Catalog;

namespace SemanticRouter.Gateway.Forwarding;

/// <summary>
/// An upstream answer whose headers have arrived: the response, the clock started before the first attempt,
/// and the token that enforces the model's whole-answer timeout while the body is read.
/// </summary>
public sealed class UpstreamCall(CatalogModel model, HttpResponseMessage response, Stopwatch clock, CancellationTokenSource total) : IDisposable
{
    public CatalogModel Model { get; } = model;
    public HttpResponseMessage Response { get; } = response;
    public Stopwatch Clock { get; } = clock;
    public CancellationToken Token => total.Token;

    public void Dispose()
    {
        Response.Dispose();
        total.Dispose();
    }
}
