namespace GPTailor;

/// <summary>
/// Builds an evaluator pipeline around an inner evaluator, in the style of <c>ChatClientBuilder</c>: each
/// <see cref="Use(Func{IFitnessEvaluator, IFitnessEvaluator})"/> adds a step, and the first step added is the
/// outermost (it sees every call first). <see cref="FitnessEvaluatorBuilderExtensions.UseCaching"/> and
/// <see cref="FitnessEvaluatorBuilderExtensions.UseLogging"/> add the standard steps.
/// </summary>
public sealed class FitnessEvaluatorBuilder
{
    private readonly Func<IServiceProvider, IFitnessEvaluator> _innerFactory;
    private readonly List<Func<IFitnessEvaluator, IServiceProvider, IFitnessEvaluator>> _steps = [];

    /// <summary>A builder around an existing evaluator (disposed with the built pipeline).</summary>
    /// <param name="innerEvaluator">The innermost evaluator.</param>
    public FitnessEvaluatorBuilder(IFitnessEvaluator innerEvaluator)
    {
        ArgumentNullException.ThrowIfNull(innerEvaluator);
        _innerFactory = _ => innerEvaluator;
    }

    /// <summary>A builder whose innermost evaluator is created by <paramref name="innerEvaluatorFactory"/> in <see cref="Build"/>.</summary>
    /// <param name="innerEvaluatorFactory">Creates the innermost evaluator from the services given to <see cref="Build"/>.</param>
    public FitnessEvaluatorBuilder(Func<IServiceProvider, IFitnessEvaluator> innerEvaluatorFactory)
    {
        ArgumentNullException.ThrowIfNull(innerEvaluatorFactory);
        _innerFactory = innerEvaluatorFactory;
    }

    /// <summary>Adds a step that wraps the evaluator built so far (the steps added after this one).</summary>
    /// <param name="evaluatorFactory">Wraps the inner evaluator; typically returns a <see cref="DelegatingFitnessEvaluator"/>.</param>
    public FitnessEvaluatorBuilder Use(Func<IFitnessEvaluator, IFitnessEvaluator> evaluatorFactory)
    {
        ArgumentNullException.ThrowIfNull(evaluatorFactory);
        return Use((inner, _) => evaluatorFactory(inner));
    }

    /// <summary>Adds a step that wraps the evaluator built so far, with access to the services given to <see cref="Build"/>.</summary>
    /// <param name="evaluatorFactory">Wraps the inner evaluator.</param>
    public FitnessEvaluatorBuilder Use(Func<IFitnessEvaluator, IServiceProvider, IFitnessEvaluator> evaluatorFactory)
    {
        ArgumentNullException.ThrowIfNull(evaluatorFactory);
        _steps.Add(evaluatorFactory);
        return this;
    }

    /// <summary>
    /// Creates the inner evaluator and applies the steps, the last added first, so that the first added is outermost.
    /// The caller owns (and disposes) the result; if a step throws, what was built so far is disposed.
    /// </summary>
    /// <param name="services">Services for the steps; null gives an empty provider.</param>
    /// <exception cref="InvalidOperationException">A step or the inner factory returned null.</exception>
    public IFitnessEvaluator Build(IServiceProvider? services = null)
    {
        services ??= EmptyServiceProvider.Instance;
        var evaluator = _innerFactory(services) ?? throw new InvalidOperationException("The inner evaluator factory returned null.");
        try
        {
            for (var i = _steps.Count - 1; i >= 0; i--)
            {
                evaluator = _steps[i](evaluator, services) ?? throw new InvalidOperationException($"Pipeline step {i} returned null instead of an {nameof(IFitnessEvaluator)}.");
            }

            return evaluator;
        }
        catch
        {
            evaluator.Dispose();
            throw;
        }
    }

    private sealed class EmptyServiceProvider : IServiceProvider
    {
        public static EmptyServiceProvider Instance { get; } = new();

        public object? GetService(Type serviceType) => null;
    }
}
