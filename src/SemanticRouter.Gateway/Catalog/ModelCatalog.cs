using System.Collections.Frozen;

namespace SemanticRouter.Gateway.Catalog;

/// <summary>The models in service. Readers see one consistent snapshot; a refresh swaps it atomically.</summary>
internal sealed class ModelCatalog
{
    private volatile Snapshot _snapshot = new([]);

    public IReadOnlyList<CatalogModel> Models => _snapshot.Models;

    public bool TryGet(string name, out CatalogModel model) => _snapshot.ByName.TryGetValue(name, out model!);

    public void Replace(IReadOnlyList<CatalogModel> models) => _snapshot = new Snapshot(models);

    private sealed class Snapshot(IReadOnlyList<CatalogModel> models)
    {
        public IReadOnlyList<CatalogModel> Models { get; } = models;
        public FrozenDictionary<string, CatalogModel> ByName { get; } =
            models.DistinctBy(m => m.Name).ToFrozenDictionary(m => m.Name, StringComparer.Ordinal);
    }
}
