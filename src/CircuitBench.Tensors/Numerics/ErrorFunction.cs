namespace CircuitBench.Tensors.Numerics;

/// <summary>
/// The error function and its complement in double precision, from W. J. Cody's rational Chebyshev
/// approximations ("Rational Chebyshev approximations for the error function", Math. Comp. 23 (1969),
/// 631–637; the coefficients of his later CALERF routine), relative error below about 1e-15:
/// <list type="bullet">
/// <item>|x| ≤ 0.5: erf(x) = x · R₄₄(x²);</item>
/// <item>0.5 &lt; |x| ≤ 4: erfc(|x|) = exp(−x²) · R₈₈(|x|);</item>
/// <item>|x| &gt; 4: erfc(|x|) = exp(−x²) / |x| · (1/√π + R₅₅(1/x²) / x²).</item>
/// </list>
/// </summary>
internal static class ErrorFunction
{
    // Coefficients of each rational function, constant term first; denominators are monic.
    private static readonly double[] SmallNumerator =
        [3209.377589138469472562, 377.4852376853020208137, 113.8641541510501556495, 3.161123743870565596947, 0.1857777061846031526730];
    private static readonly double[] SmallDenominator =
        [2844.236833439170622273, 1282.616526077372275645, 244.0246379344441733056, 23.60129095234412093499, 1];
    private static readonly double[] MiddleNumerator =
        [1230.33935479799725272, 2051.07837782607146532, 1712.04761263407058314, 881.952221241769090411,
         298.635138197400131132, 66.1191906371416294775, 8.88314979438837594118, 0.564188496988670089180, 2.15311535474403846343e-8];
    private static readonly double[] MiddleDenominator =
        [1230.33935480374942043, 3439.36767414372163696, 4362.61909014324715820, 3290.79923573345962678,
         1621.38957456669018874, 537.181101862009857509, 117.693950891312499305, 15.7449261107098347253, 1];
    private static readonly double[] LargeNumerator =
        [-6.58749161529837803157e-4, -0.0160837851487422766278, -0.125781726111229246204, -0.360344899949804439429,
         -0.305326634961232344035, -0.0163153871373020978498];
    private static readonly double[] LargeDenominator =
        [0.00233520497626869185443, 0.0605183413124413191178, 0.527905102951428412248, 1.87295284992346047209,
         2.56852019228982242072, 1];

    private const double InvSqrtPi = 0.56418958354775628695;

    /// <summary>erf(x) = 2/√π ∫₀ˣ exp(−t²) dt.</summary>
    public static double Erf(double x)
    {
        var a = Math.Abs(x);
        if (a <= 0.5) return x * Rational(SmallNumerator, SmallDenominator, x * x);
        var e = 1 - ErfcPositive(a);
        return x < 0 ? -e : e;
    }

    /// <summary>erfc(x) = 1 − erf(x), accurate relative to its own size in both tails.</summary>
    public static double Erfc(double x)
    {
        if (Math.Abs(x) <= 0.5) return 1 - x * Rational(SmallNumerator, SmallDenominator, x * x);
        return x > 0 ? ErfcPositive(x) : 2 - ErfcPositive(-x);
    }

    /// <summary>erfc(x) for x &gt; 0.5 (NaN stays NaN).</summary>
    private static double ErfcPositive(double x)
    {
        if (x <= 4) return Math.Exp(-x * x) * Rational(MiddleNumerator, MiddleDenominator, x);
        if (x > 27) return 0; // erfc(27) < 1e-318: below the smallest double
        var z = 1 / (x * x);
        return Math.Exp(-x * x) / x * (InvSqrtPi + z * Rational(LargeNumerator, LargeDenominator, z));
    }

    /// <summary>P(t) / Q(t) by Horner's rule, coefficients constant term first.</summary>
    private static double Rational(double[] p, double[] q, double t)
    {
        double num = 0, den = 0;
        for (var i = p.Length - 1; i >= 0; i--) num = num * t + p[i];
        for (var i = q.Length - 1; i >= 0; i--) den = den * t + q[i];
        return num / den;
    }
}
