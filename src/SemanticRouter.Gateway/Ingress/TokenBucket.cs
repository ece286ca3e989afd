namespace SemanticRouter.Gateway.Ingress;

/// <summary>
/// A balance that refills continuously at <c>perSecond</c> up to <c>capacity</c>: the rule behind the client keys'
/// budgets (<see cref="KeyLimiter"/>) and the explicit-score cap. The owner holds the clock and the lock.
/// </summary>
internal struct TokenBucket(double perSecond, double capacity)
{
    private readonly double _capacity = capacity;

    public double Balance = capacity;

    public void Refill(TimeSpan elapsed) => Balance = Math.Min(_capacity, Balance + elapsed.TotalSeconds * perSecond);

    /// <summary>How long until the balance is back up to <paramref name="level"/>; zero when it is there already.</summary>
    public readonly TimeSpan Until(double level) =>
        Balance >= level || perSecond <= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds((level - Balance) / perSecond);
}
