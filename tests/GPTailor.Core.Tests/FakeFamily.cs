namespace GPTailor.Core.Tests;

/// <summary>A family of <paramref name="layers"/> layers and <paramref name="candidates"/> candidates, without tensors.</summary>
internal sealed class FakeFamily(int layers, int candidates) : IModelFamily
{
    public string Architecture => "FakeForCausalLM";

    public int LayerCount => layers;

    public IReadOnlyList<FamilyMember> Members { get; } = Enumerable.Range(0, candidates + 1).Select(i => new FamilyMember(i, i == 0 ? "base" : $"c{i}", $"/m{i}")).ToArray();

    public long TotalParameters => 1000;

    public bool Disposed { get; private set; }

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose() => Disposed = true;
}
