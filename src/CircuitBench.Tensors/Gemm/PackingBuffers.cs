using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CircuitBench.Tensors.Gemm;

/// <summary>
/// One worker's packed-A block <c>[mc, kc]</c> and packed-B panel <c>[kc, nc]</c>: pinned, 64-byte aligned,
/// grown on demand and reused, so steady-state multiplies do not allocate.
/// </summary>
internal sealed unsafe class PackingBuffers
{
    private const int AlignFloats = 16; // 64 bytes

    private float[] _a = [];
    private float[] _b = [];

    /// <summary>Aligned start of the packed-A buffer.</summary>
    public float* A { get; private set; }

    /// <summary>Aligned start of the packed-B buffer.</summary>
    public float* B { get; private set; }

    /// <summary>Makes room for at least the given number of floats in each buffer.</summary>
    public void EnsureCapacity(int aFloats, int bFloats)
    {
        if (_a.Length < aFloats + AlignFloats)
        {
            _a = GC.AllocateUninitializedArray<float>(aFloats + AlignFloats, pinned: true);
            A = Align(_a);
        }

        if (_b.Length < bFloats + AlignFloats)
        {
            _b = GC.AllocateUninitializedArray<float>(bFloats + AlignFloats, pinned: true);
            B = Align(_b);
        }
    }

    private static float* Align(float[] pinned)
    {
        // The array is on the pinned object heap, so its address never changes.
        nint address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(pinned));
        return (float*)((address + 63) & ~(nint)63);
    }
}
