using System.Numerics;
using System.Runtime.CompilerServices;

namespace EdgeLstm.Model.Numerics;

/// <summary>Provides the float activation functions of the cells and heads.</summary>
internal static class Activation
{
    /// <summary>Computes the logistic function σ(x) = 1 / (1 + e^−x) without overflow for large |x|.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sigmoid<T>(T x)
        where T : IFloatingPointIeee754<T>
    {
        if (x >= T.Zero)
        {
            return T.One / (T.One + T.Exp(-x));
        }

        T e = T.Exp(x);
        return e / (T.One + e);
    }

    /// <summary>Computes σ in place over a span.</summary>
    public static void Sigmoid<T>(Span<T> values)
        where T : IFloatingPointIeee754<T>
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = Sigmoid(values[i]);
        }
    }

    /// <summary>Computes tanh in place over a span.</summary>
    public static void Tanh<T>(Span<T> values)
        where T : IFloatingPointIeee754<T>
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = T.Tanh(values[i]);
        }
    }

    /// <summary>Computes log(1 + e^x) without overflow.</summary>
    public static T Softplus<T>(T x)
        where T : IFloatingPointIeee754<T>
    {
        return T.Max(x, T.Zero) + T.Log(T.One + T.Exp(-T.Abs(x)));
    }
}
