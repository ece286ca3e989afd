using MathNet.Numerics.LinearAlgebra;
using SemanticRouter.Routing.Estimation;

namespace SemanticRouter.Training;

/// <summary>One training example: a question's embedding and text, and what each model's answer scored and took.</summary>
public sealed record Example(float[] Embedding, string Text, IReadOnlyDictionary<string, Observation> ByModel);

/// <summary>
/// Fits a <see cref="RoutingHead"/>: for every model, ridge regressions of the evaluate score and of the latency
/// on the question's features, each on the questions that model has answered. The ridge strength is chosen on a
/// validation slice of the training data; the leverage threshold marks the edge of what the data covered.
/// </summary>
public static class HeadTrainer
{
    private static readonly double[] Alphas = [0.03, 0.1, 0.3, 1, 3, 10];

    public static RoutingHead Fit(IReadOnlyList<Example> examples, IReadOnlyList<string> models)
    {
        if (examples.Count == 0) throw new ArgumentException("No examples to train on.", nameof(examples));
        var dim = examples[0].Embedding.Length;
        var features = Features(examples, dim);
        var systems = new Systems(features);
        var validation = Enumerable.Range(0, examples.Count).Select(i => Split.IsHeldOut(examples[i].Text, "alpha", 0.2)).ToArray();
        var alpha = Alphas.MinBy(a => ValidationError(systems, examples, models, validation, a));

        var d = features.ColumnCount;
        var scoreWeights = new float[models.Count * d];
        var latencyWeights = new float[models.Count * d];
        var meanCost = new double[models.Count];
        for (var m = 0; m < models.Count; m++)
        {
            var rows = Rows(examples, models[m], _ => true);
            var w = systems.Solve(rows, Targets(examples, models[m], rows), alpha);
            for (var j = 0; j < d; j++)
            {
                scoreWeights[m * d + j] = (float)w[j, 0];
                latencyWeights[m * d + j] = (float)w[j, 1];
            }
            meanCost[m] = rows.Count == 0 ? 0 : rows.Average(i => examples[i].ByModel[models[m]].Cost);
        }
        var (inverse, threshold) = Leverage(examples, dim);
        return new RoutingHead
        {
            Models = [.. models],
            EmbeddingDim = dim,
            ScoreWeights = scoreWeights,
            LatencyWeights = latencyWeights,
            MeanCost = meanCost,
            LeverageInverse = inverse,
            LeverageThreshold = threshold,
        };
    }

    private static Matrix<double> Features(IReadOnlyList<Example> examples, int dim)
    {
        var d = dim + TextFeatures.Dimension + 1;
        var matrix = Matrix<double>.Build.Dense(examples.Count, d);
        var row = new float[d];
        for (var i = 0; i < examples.Count; i++)
        {
            examples[i].Embedding.CopyTo(row, 0);
            TextFeatures.Write(examples[i].Text, row.AsSpan(dim, TextFeatures.Dimension));
            row[^1] = 1;
            for (var j = 0; j < d; j++) matrix[i, j] = row[j];
        }
        return matrix;
    }

    private static List<int> Rows(IReadOnlyList<Example> examples, string model, Func<int, bool> include) =>
        Enumerable.Range(0, examples.Count).Where(i => include(i) && examples[i].ByModel.ContainsKey(model)).ToList();

    /// <summary>The two targets of one model on the given rows: the score, and the latency in seconds.</summary>
    private static Matrix<double> Targets(IReadOnlyList<Example> examples, string model, List<int> rows) =>
        Matrix<double>.Build.Dense(rows.Count, 2, (i, k) =>
            k == 0 ? examples[rows[i]].ByModel[model].Score : examples[rows[i]].ByModel[model].LatencyMs / 1000);

    private static double ValidationError(Systems systems, IReadOnlyList<Example> examples, IReadOnlyList<string> models,
        bool[] validation, double alpha)
    {
        double squared = 0;
        var count = 0;
        foreach (var model in models)
        {
            var fit = Rows(examples, model, i => !validation[i]);
            if (fit.Count == 0) continue;
            var w = systems.Solve(fit, Targets(examples, model, fit), alpha).Column(0);
            foreach (var i in Rows(examples, model, i => validation[i]))
            {
                var error = systems.Features.Row(i) * w - examples[i].ByModel[model].Score;
                squared += error * error;
                count++;
            }
        }
        return count == 0 ? 0 : squared / count;
    }

    /// <summary>
    /// Ridge solves over row subsets of one feature matrix. Models answered on the same questions (all of them,
    /// in training-mode data) share one Gram matrix, computed once and reused for every model and ridge strength.
    /// </summary>
    private sealed class Systems(Matrix<double> features)
    {
        private readonly Dictionary<string, (Matrix<double> X, Matrix<double> Gram)> _byRows = [];

        public Matrix<double> Features => features;

        public Matrix<double> Solve(List<int> rows, Matrix<double> targets, double alpha)
        {
            var d = features.ColumnCount;
            if (rows.Count == 0) return Matrix<double>.Build.Dense(d, targets.ColumnCount);
            var key = string.Join(',', rows);
            if (!_byRows.TryGetValue(key, out var system))
            {
                var x = Matrix<double>.Build.Dense(rows.Count, d, (i, j) => features[rows[i], j]);
                _byRows[key] = system = (x, x.TransposeThisAndMultiply(x));
            }
            var gram = system.Gram.Clone();
            for (var j = 0; j < d - 1; j++) gram[j, j] += alpha; // the constant feature is not penalised
            gram[d - 1, d - 1] += 1e-9;
            return gram.Cholesky().Solve(system.X.TransposeThisAndMultiply(targets));
        }
    }

    /// <summary>The inverse regularised Gram matrix of [embedding, 1] and a threshold at twice the 99.5th training percentile.</summary>
    private static (float[] Inverse, double Threshold) Leverage(IReadOnlyList<Example> examples, int dim)
    {
        var d = dim + 1;
        var e = Matrix<double>.Build.Dense(examples.Count, d, (i, j) => j < dim ? examples[i].Embedding[j] : 1);
        var gram = e.TransposeThisAndMultiply(e);
        for (var j = 0; j < d; j++) gram[j, j] += 1e-3 * examples.Count;
        var inverse = gram.Inverse();
        var leverages = Enumerable.Range(0, examples.Count).Select(i => e.Row(i) * inverse * e.Row(i)).Order().ToList();
        var p995 = leverages[Math.Min(leverages.Count - 1, (int)(0.995 * leverages.Count))];
        var flat = new float[d * d];
        for (var i = 0; i < d; i++)
        for (var j = 0; j < d; j++)
            flat[i * d + j] = (float)inverse[i, j];
        return (flat, 2 * p995);
    }
}
