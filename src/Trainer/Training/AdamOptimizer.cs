namespace EdgeLstm.Trainer.Training;

/// <summary>Updates parameters with Adam (Kingma and Ba 2015), as torch.optim.Adam does with its defaults.</summary>
internal sealed class AdamOptimizer
{
    private readonly float[] _firstMoment;
    private readonly float[] _secondMoment;
    private int _step;

    /// <summary>Initializes an optimizer for a parameter array of the given length.</summary>
    public AdamOptimizer(int parameterCount, float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(learningRate);
        _firstMoment = new float[parameterCount];
        _secondMoment = new float[parameterCount];
        LearningRate = learningRate;
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
    }

    /// <summary>Gets or sets the step size.</summary>
    public float LearningRate { get; set; }

    /// <summary>Gets the decay of the first moment.</summary>
    public float Beta1 { get; }

    /// <summary>Gets the decay of the second moment.</summary>
    public float Beta2 { get; }

    /// <summary>Gets the term that keeps the denominator away from zero.</summary>
    public float Epsilon { get; }

    /// <summary>Applies one update.</summary>
    /// <param name="parameters">The parameters, updated in place.</param>
    /// <param name="gradients">The loss gradients of the parameters.</param>
    public void Step(Span<float> parameters, ReadOnlySpan<float> gradients)
    {
        if (parameters.Length != _firstMoment.Length || gradients.Length != _firstMoment.Length)
        {
            throw new ArgumentException($"Adam was built for {_firstMoment.Length} parameters, not {parameters.Length} with {gradients.Length} gradients.");
        }

        _step++;
        float correction1 = 1f - MathF.Pow(Beta1, _step);
        float correction2 = 1f - MathF.Pow(Beta2, _step);
        float stepSize = LearningRate / correction1;
        float rootCorrection2 = MathF.Sqrt(correction2);
        for (int i = 0; i < parameters.Length; i++)
        {
            float g = gradients[i];
            float m = _firstMoment[i] = (Beta1 * _firstMoment[i]) + ((1f - Beta1) * g);
            float v = _secondMoment[i] = (Beta2 * _secondMoment[i]) + ((1f - Beta2) * g * g);
            parameters[i] -= stepSize * m / ((MathF.Sqrt(v) / rootCorrection2) + Epsilon);
        }
    }

    /// <summary>Forgets the moments of the given parameters, as if they had never had a gradient.</summary>
    /// <param name="positions">Indices into the parameter array.</param>
    /// <exception cref="ArgumentOutOfRangeException">A position is outside the parameter array.</exception>
    public void ResetMoments(ReadOnlySpan<int> positions)
    {
        foreach (int position in positions)
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)position, (uint)_firstMoment.Length, nameof(positions));
            _firstMoment[position] = 0;
            _secondMoment[position] = 0;
        }
    }

    /// <summary>Returns the first moment (the gradient's running mean) of one parameter.</summary>
    public float FirstMomentAt(int position) => _firstMoment[position];

    /// <summary>Returns the second moment (the squared gradient's running mean) of one parameter.</summary>
    public float SecondMomentAt(int position) => _secondMoment[position];

    /// <summary>Scales gradients down so that their L2 norm is at most <paramref name="maxNorm"/>.</summary>
    /// <returns>The norm before clipping.</returns>
    public static float ClipGradientNorm(Span<float> gradients, float maxNorm)
    {
        double sum = 0;
        foreach (float g in gradients)
        {
            sum += (double)g * g;
        }

        float norm = (float)Math.Sqrt(sum);
        if (norm > maxNorm && norm > 0)
        {
            float scale = maxNorm / norm;
            for (int i = 0; i < gradients.Length; i++)
            {
                gradients[i] *= scale;
            }
        }

        return norm;
    }
}
