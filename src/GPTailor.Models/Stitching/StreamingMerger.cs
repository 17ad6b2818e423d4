using System.Runtime.InteropServices;
using TorchSharp;

namespace GPTailor.Models;

/// <summary>
/// Computes task-arithmetic and linear merges straight from the checkpoints, chunk by chunk: each source's stored
/// values are copied into a small buffer and converted to float32, then one fused loop combines them with the same
/// float32 operations, in the same order, as <see cref="WeightMerger"/> (so the result is bit-identical to it) and
/// writes the chunk into one preallocated output tensor. The buffers stay in the processor's cache, so a merge is one
/// pass over each source's bytes and one over the output, with no full-size temporaries.
/// </summary>
internal static class StreamingMerger
{
    /// <summary>Elements per chunk (256 KiB of float32 per buffer).</summary>
    internal const int ChunkElements = 1 << 16;

    /// <summary>True for the methods this class merges (task arithmetic and linear); slerp needs whole-tensor norms.</summary>
    public static bool Supports(MergeRecipe recipe) => recipe.Method is MergeMethod.TaskArithmetic or MergeMethod.Linear;

    /// <summary>Merges the sources (and anchor, for task arithmetic) into a new CPU tensor of <paramref name="dtype"/>.</summary>
    /// <param name="recipe">A task-arithmetic or linear merge.</param>
    /// <param name="sources">The members' tensors, in <see cref="MergeRecipe.Members"/> order.</param>
    /// <param name="anchor">The base tensor B (task arithmetic only).</param>
    /// <param name="dtype">The output dtype (the float32 result rounded to it).</param>
    /// <exception cref="InvalidDataException">The sources' shapes differ.</exception>
    /// <param name="threads">Threads sharing the chunks (default: libtorch's intra-op thread count).</param>
    public static torch.Tensor Merge(MergeRecipe recipe, IReadOnlyList<Source> sources, Source? anchor, torch.ScalarType dtype, int? threads = null)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        ArgumentNullException.ThrowIfNull(sources);
        if (!Supports(recipe) || sources.Count != recipe.Members.Count || sources.Count == 0)
        {
            throw new ArgumentException($"Expected a task-arithmetic or linear merge of {recipe.Members.Count} sources, got {recipe.Method} of {sources.Count}.", nameof(recipe));
        }

        var taskArithmetic = recipe.Method == MergeMethod.TaskArithmetic;
        if (taskArithmetic && anchor is null)
        {
            throw new ArgumentNullException(nameof(anchor), "Task arithmetic needs the base anchor tensor.");
        }

        var all = (taskArithmetic ? sources.Prepend(anchor!) : sources).ToArray();
        var shape = sources[0].Shape;
        foreach (var s in all)
        {
            if (!s.Shape.SequenceEqual(shape))
            {
                throw new InvalidDataException($"Tensor '{s.Name}' has shape [{string.Join(", ", s.Shape)}]; the merge needs [{string.Join(", ", shape)}].");
            }
        }

        // The scalars as libtorch applies them to float32 tensors: rounded to float once.
        var factors = taskArithmetic ? [(float)recipe.Lambda!.Value] : recipe.Weights!.Select(w => (float)(w / recipe.Weights!.Sum())).ToArray();
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var output = torch.empty(shape, dtype);
        var flat = output.view(-1);
        var total = flat.NumberOfElements;
        var chunk = (int)Math.Min(ChunkElements, Math.Max(1, total));
        foreach (var s in all)
        {
            s.Prepare();
        }

        // Chunks are independent: the intra-op threads of libtorch share them out, each with its own buffers.
        var chunks = (int)((total + chunk - 1) / chunk);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Math.Min(threads ?? torch.get_num_threads(), chunks)) };
        Parallel.For(
            0,
            chunks,
            parallel,
            () => new Buffers(all.Length, chunk, dtype),
            (index, _, buffers) =>
            {
                var start = (long)index * chunk;
                var count = (int)Math.Min(chunk, total - start);
                for (var i = 0; i < all.Length; i++)
                {
                    all[i].Read(start, buffers.Sources[i].AsSpan(0, count), buffers.Staging);
                }

                var target = buffers.Result.AsSpan(0, count);
                if (taskArithmetic)
                {
                    TaskArithmetic(buffers.Sources, factors[0], target);
                }
                else
                {
                    Linear(buffers.Sources, factors, target);
                }

                using var slice = flat.narrow(0, start, count);
                if (buffers.Convert is null)
                {
                    target.CopyTo(MemoryMarshal.Cast<byte, float>(slice.bytes));
                }
                else
                {
                    using var part = buffers.Convert.narrow(0, 0, count);
                    target.CopyTo(MemoryMarshal.Cast<byte, float>(part.bytes));
                    slice.copy_(part);
                }

                return buffers;
            },
            buffers => buffers.Dispose());
        return output.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// <c>B + (0 + (C_1 − B) + … + (C_k − B))·λ</c> elementwise in float32, each operation rounded as WeightMerger's
    /// tensor operations round it (buffers[0] is B). Vectorized operations and the scalar tail round alike.
    /// </summary>
    private static void TaskArithmetic(float[][] buffers, float lambda, Span<float> result)
    {
        var count = result.Length;
        var b = buffers[0].AsSpan(0, count);
        var width = System.Numerics.Vector<float>.Count;
        var i = 0;
        var lambdaVector = new System.Numerics.Vector<float>(lambda);
        for (; i <= count - width; i += width)
        {
            var bv = new System.Numerics.Vector<float>(b[i..]);
            var delta = System.Numerics.Vector<float>.Zero;
            for (var j = 1; j < buffers.Length; j++)
            {
                delta += new System.Numerics.Vector<float>(buffers[j].AsSpan(i)) - bv;
            }

            (bv + (delta * lambdaVector)).CopyTo(result[i..]);
        }

        for (; i < count; i++)
        {
            var delta = 0f;
            for (var j = 1; j < buffers.Length; j++)
            {
                delta += buffers[j][i] - b[i];
            }

            result[i] = b[i] + (delta * lambda);
        }
    }

    /// <summary><c>0 + C_1·w_1 + … + C_k·w_k</c> elementwise in float32 (the weights already divided by their sum).</summary>
    private static void Linear(float[][] buffers, float[] weights, Span<float> result)
    {
        var count = result.Length;
        var width = System.Numerics.Vector<float>.Count;
        var i = 0;
        for (; i <= count - width; i += width)
        {
            var sum = System.Numerics.Vector<float>.Zero;
            for (var j = 0; j < buffers.Length; j++)
            {
                sum += new System.Numerics.Vector<float>(buffers[j].AsSpan(i)) * weights[j];
            }

            sum.CopyTo(result[i..]);
        }

        for (; i < count; i++)
        {
            var sum = 0f;
            for (var j = 0; j < buffers.Length; j++)
            {
                sum += buffers[j][i] * weights[j];
            }

            result[i] = sum;
        }
    }

    /// <summary>A tensor of a checkpoint (its first rows only when the rows are narrowed), read in chunks as float32.</summary>
    internal sealed class Source
    {
        private readonly ICheckpoint _checkpoint;
        private readonly torch.ScalarType _stored;
        private readonly int _size;
        private torch.Tensor? _whole;

        /// <summary>The tensor <paramref name="name"/> of <paramref name="checkpoint"/>, keeping only its first <paramref name="rows"/> rows when given.</summary>
        public Source(ICheckpoint checkpoint, string name, long? rows = null)
        {
            _checkpoint = checkpoint;
            Name = name;
            var info = checkpoint.GetInfo(name);
            _stored = SafetensorsDTypes.ToScalarType(info.DType);
            _size = SafetensorsDTypes.SizeOf(info.DType);
            var shape = info.Shape.ToArray();
            if (rows is { } r && shape.Length > 0 && shape[0] > r)
            {
                shape[0] = r;
            }

            Shape = shape;
        }

        public string Name { get; }

        public long[] Shape { get; }

        /// <summary>Reads the whole tensor in float32 now (in the caller's dispose scope) when the checkpoint cannot read
        /// ranges or the stored dtype is not a floating-point type converted here; otherwise nothing.</summary>
        public void Prepare()
        {
            if (_checkpoint is ITensorRangeReader && _stored is torch.ScalarType.Float32 or torch.ScalarType.BFloat16 or torch.ScalarType.Float16 or torch.ScalarType.Float64)
            {
                return;
            }

            _whole = _checkpoint.ReadTensor(Name, torch.ScalarType.Float32).view(-1);
        }

        /// <summary>Reads the elements from <paramref name="start"/> on into <paramref name="destination"/> as float32
        /// (<paramref name="staging"/>: room for as many float64 values).</summary>
        public void Read(long start, Span<float> destination, byte[] staging)
        {
            if (_whole is not null)
            {
                using var part = _whole.narrow(0, start, destination.Length);
                MemoryMarshal.Cast<byte, float>(part.bytes).CopyTo(destination);
                return;
            }

            var reader = (ITensorRangeReader)_checkpoint;
            if (_stored == torch.ScalarType.Float32)
            {
                reader.ReadElements(Name, start, MemoryMarshal.AsBytes(destination));
                return;
            }

            var bytes = staging.AsSpan(0, destination.Length * _size);
            reader.ReadElements(Name, start, bytes);
            switch (_stored)
            {
                case torch.ScalarType.BFloat16:
                    FloatConversions.BFloat16ToSingle(MemoryMarshal.Cast<byte, ushort>(bytes), destination);
                    break;
                case torch.ScalarType.Float16:
                    var halves = MemoryMarshal.Cast<byte, Half>(bytes);
                    for (var i = 0; i < destination.Length; i++)
                    {
                        destination[i] = (float)halves[i];
                    }

                    break;
                default:
                    var doubles = MemoryMarshal.Cast<byte, double>(bytes);
                    for (var i = 0; i < destination.Length; i++)
                    {
                        destination[i] = (float)doubles[i];
                    }

                    break;
            }
        }
    }

    /// <summary>One thread's chunk buffers.</summary>
    private sealed class Buffers(int sources, int chunk, torch.ScalarType dtype) : IDisposable
    {
        public float[][] Sources { get; } = Enumerable.Range(0, sources).Select(_ => new float[chunk]).ToArray();

        public float[] Result { get; } = new float[chunk];

        public byte[] Staging { get; } = new byte[chunk * sizeof(double)];

        /// <summary>A float32 chunk tensor that libtorch rounds into the output dtype, when that is not float32.</summary>
        public torch.Tensor? Convert { get; } = dtype == torch.ScalarType.Float32 ? null : torch.empty(chunk, torch.ScalarType.Float32).DetachFromDisposeScope();

        public void Dispose() => Convert?.Dispose();
    }
}
