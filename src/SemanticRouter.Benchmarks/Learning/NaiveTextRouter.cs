using MathNet.Numerics.LinearAlgebra;
using SemanticRouter.Routing.Policy;

namespace SemanticRouter.Benchmarks.Learning;

/// <summary>
/// The floor a semantic router must beat: no encoder, only the question's characters. Hashed character 1–4-grams
/// (lower-cased, sublinear term frequency × inverse document frequency, L2-normalised) and, per model, ridge
/// regressions of the recorded score and latency (solved in the dual: one kernel matrix over the collected
/// questions, shared by every model), trained on the same collected rows as the router and ranked by the same
/// utility. The ridge strength is chosen on a fifth of the questions.
/// </summary>
public sealed class NaiveTextRouter
{
    private const int Buckets = 1 << 20;
    private static readonly double[] Alphas = [0.1, 0.3, 1, 3, 10];

    private readonly string[] _models;
    private readonly Dictionary<int, double> _idf;
    private readonly List<(int[] Index, double[] Value)> _train;
    private readonly Matrix<double> _dual;
    private readonly double[] _mean;

    private NaiveTextRouter(string[] models, Dictionary<int, double> idf, List<(int[], double[])> train, Matrix<double> dual, double[] mean) =>
        (_models, _idf, _train, _dual, _mean) = (models, idf, train, dual, mean);

    public IReadOnlyList<string> Models => _models;

    /// <summary>Fits on questions and, per question, every model's (score, latency in seconds); <c>NaN</c> marks a model that did not answer.</summary>
    public static NaiveTextRouter Fit(IReadOnlyList<string> questions, IReadOnlyList<string> models, double[,] scores, double[,] latencySeconds)
    {
        var counts = questions.Select(Counts).ToList();
        var df = new Dictionary<int, int>();
        foreach (var c in counts)
        foreach (var key in c.Keys)
            df[key] = df.GetValueOrDefault(key) + 1;
        var idf = df.ToDictionary(kv => kv.Key, kv => Math.Log((1.0 + questions.Count) / (1 + kv.Value)) + 1);
        var vectors = counts.Select(c => Vector(c, idf)).ToList();

        var n = questions.Count;
        var m = models.Count;
        var mean = new double[2 * m];
        var targets = Matrix<double>.Build.Dense(n, 2 * m, (i, k) => k < m ? scores[i, k] : latencySeconds[i, k - m]);
        for (var k = 0; k < 2 * m; k++)
        {
            var column = targets.Column(k).Where(v => !double.IsNaN(v)).ToList();
            mean[k] = column.Count == 0 ? 0 : column.Average();
            for (var i = 0; i < n; i++) targets[i, k] = double.IsNaN(targets[i, k]) ? 0 : targets[i, k] - mean[k];
        }
        var kernel = Matrix<double>.Build.Dense(n, n, (i, j) => Dot(vectors[i], vectors[j]));

        var validation = Enumerable.Range(0, n).Select(i => i % 5 == 0).ToArray();
        var alpha = Alphas.MinBy(a => ValidationError(kernel, targets, validation, m, a));
        var dual = Solve(kernel, targets, alpha);
        return new NaiveTextRouter([.. models], idf, vectors, dual, mean);
    }

    /// <summary>Per model, the predicted score and latency (seconds) for a question.</summary>
    public (double[] Scores, double[] LatencySeconds) Predict(string question)
    {
        var x = Vector(Counts(question), _idf);
        var k = Matrix<double>.Build.Dense(1, _train.Count, (_, j) => Dot(x, _train[j]));
        var y = (k * _dual).Row(0);
        var m = _models.Length;
        return (Enumerable.Range(0, m).Select(i => y[i] + _mean[i]).ToArray(), Enumerable.Range(0, m).Select(i => y[m + i] + _mean[m + i]).ToArray());
    }

    /// <summary>The model the utility ranks first among those <paramref name="available"/>.</summary>
    public string Choose(string question, UtilityPolicy policy, IReadOnlyList<double> meanCost, Func<string, bool> available)
    {
        var (scores, latencies) = Predict(question);
        return policy.Rank(_models, scores, latencies, meanCost.ToArray(), available)[0].Model;
    }

    private static double ValidationError(Matrix<double> kernel, Matrix<double> targets, bool[] validation, int models, double alpha)
    {
        var fit = Enumerable.Range(0, validation.Length).Where(i => !validation[i]).ToArray();
        var held = Enumerable.Range(0, validation.Length).Where(i => validation[i]).ToArray();
        if (fit.Length == 0 || held.Length == 0) return 0;
        var dual = Solve(Sub(kernel, fit, fit), Sub(targets, fit, Enumerable.Range(0, models).ToArray()), alpha);
        var predicted = Sub(kernel, held, fit) * dual;
        var error = predicted - Sub(targets, held, Enumerable.Range(0, models).ToArray());
        return error.Enumerate().Sum(e => e * e);
    }

    private static Matrix<double> Solve(Matrix<double> kernel, Matrix<double> targets, double alpha)
    {
        var regularised = kernel.Clone();
        for (var i = 0; i < regularised.RowCount; i++) regularised[i, i] += alpha;
        return regularised.Cholesky().Solve(targets);
    }

    private static Matrix<double> Sub(Matrix<double> matrix, int[] rows, int[] columns) =>
        Matrix<double>.Build.Dense(rows.Length, columns.Length, (i, j) => matrix[rows[i], columns[j]]);

    private static Dictionary<int, int> Counts(string text)
    {
        var counts = new Dictionary<int, int>();
        var lower = text.ToLowerInvariant();
        for (var n = 1; n <= 4; n++)
        for (var i = 0; i + n <= lower.Length; i++)
        {
            uint hash = 2166136261;
            for (var k = 0; k < n; k++) hash = (hash ^ lower[i + k]) * 16777619;
            var key = (int)(((hash ^ (uint)n) * 16777619) % Buckets);
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }
        return counts;
    }

    private static (int[] Index, double[] Value) Vector(Dictionary<int, int> counts, Dictionary<int, double> idf)
    {
        var pairs = counts.Where(kv => idf.ContainsKey(kv.Key)).Select(kv => (kv.Key, Value: (1 + Math.Log(kv.Value)) * idf[kv.Key]))
            .OrderBy(p => p.Key).ToArray();
        var norm = Math.Sqrt(pairs.Sum(p => p.Value * p.Value));
        return (pairs.Select(p => p.Key).ToArray(), pairs.Select(p => norm > 0 ? p.Value / norm : 0).ToArray());
    }

    private static double Dot((int[] Index, double[] Value) a, (int[] Index, double[] Value) b)
    {
        double sum = 0;
        for (int i = 0, j = 0; i < a.Index.Length && j < b.Index.Length;)
        {
            if (a.Index[i] == b.Index[j]) sum += a.Value[i++] * b.Value[j++];
            else if (a.Index[i] < b.Index[j]) i++;
            else j++;
        }
        return sum;
    }
}
