namespace CircuitBench.Tensors.Gemm;

/// <summary>Argument checks shared by every <see cref="IGemmBackend"/>, with BLAS's rules for leading dimensions.</summary>
public static class GemmArguments
{
    /// <summary>
    /// Throws an <see cref="ArgumentException"/> when a size is negative, a leading dimension is smaller than
    /// the stored row width (or than 1), or a span is too short for the matrix it describes.
    /// </summary>
    public static void Validate(bool transposeA, bool transposeB, int m, int n, int k,
        int aLength, int lda, int bLength, int ldb, int cLength, int ldc)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        // Stored shapes: A is [m,k] (or [k,m] when transposed), B is [k,n] (or [n,k]), C is [m,n].
        CheckMatrix("a", "lda", aLength, lda, transposeA ? k : m, transposeA ? m : k, transposeA ? "[k,m]" : "[m,k]");
        CheckMatrix("b", "ldb", bLength, ldb, transposeB ? n : k, transposeB ? k : n, transposeB ? "[n,k]" : "[k,n]");
        CheckMatrix("c", "ldc", cLength, ldc, m, n, "[m,n]");
    }

    /// <summary>Number of floats a row-major <c>[rows, cols]</c> matrix with row stride <paramref name="ld"/> spans.</summary>
    public static long RequiredLength(int rows, int cols, int ld) =>
        rows == 0 || cols == 0 ? 0 : (long)(rows - 1) * ld + cols;

    private static void CheckMatrix(string name, string ldName, int length, int ld, int rows, int cols, string shape)
    {
        if (ld < Math.Max(1, cols))
        {
            throw new ArgumentException(
                $"{ldName} = {ld} is too small: {name} is stored as {shape} = [{rows},{cols}] row-major, so {ldName} must be at least max(1, {cols}).",
                ldName);
        }

        long required = RequiredLength(rows, cols, ld);
        if (length < required)
        {
            throw new ArgumentException(
                $"{name} has {length} elements but {shape} = [{rows},{cols}] with {ldName} = {ld} needs at least {required} ((rows - 1) · {ldName} + cols).",
                name);
        }
    }
}
