namespace GPTailor;

/// <summary>
/// Something that can be asked for services by type and optional key: an evaluator pipeline (<see cref="IFitnessEvaluator"/>)
/// or a model family (<see cref="IModelFamily"/>). <see cref="ServiceLookupExtensions"/> adds the typed forms.
/// </summary>
public interface IServiceLookup
{
    /// <summary>
    /// Asks for a service of <paramref name="serviceType"/>: this object when it is one (and no key is given), one of
    /// its own services (e.g. statistics), or, for an object that wraps another (an evaluator of a pipeline), the answer
    /// of the one it wraps; null when none has it.
    /// </summary>
    /// <param name="serviceType">The type asked for.</param>
    /// <param name="serviceKey">An optional key distinguishing services of the same type.</param>
    object? GetService(Type serviceType, object? serviceKey = null);
}
