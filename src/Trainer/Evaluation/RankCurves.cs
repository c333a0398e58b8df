namespace EdgeLstm.Trainer.Evaluation;

/// <summary>Computes the threshold-free summaries of scores: ROC curve and AUC, average precision.</summary>
internal static class RankCurves
{
    /// <summary>Computes the ROC AUC by the Mann-Whitney statistic: the probability that a random attack outscores a
    /// random benign sample, ties counting one half (what scikit-learn's roc_auc_score returns).</summary>
    /// <returns>The AUC, or NaN when one of the classes is absent.</returns>
    public static double RocAuc(ReadOnlySpan<float> scores, ReadOnlySpan<bool> isAttack)
    {
        int[] order = SortedAscending(scores);
        double positiveRankSum = 0;
        long positives = 0;
        int i = 0;
        while (i < order.Length)
        {
            // Tied scores share the mean of their ranks.
            int j = i;
            while (j + 1 < order.Length && scores[order[j + 1]] == scores[order[i]])
            {
                j++;
            }

            double meanRank = ((i + j) / 2.0) + 1;
            for (int k = i; k <= j; k++)
            {
                if (isAttack[order[k]])
                {
                    positiveRankSum += meanRank;
                    positives++;
                }
            }

            i = j + 1;
        }

        long negatives = order.Length - positives;
        if (positives == 0 || negatives == 0)
        {
            return double.NaN;
        }

        return (positiveRankSum - (positives * (positives + 1) / 2.0)) / ((double)positives * negatives);
    }

    /// <summary>Computes average precision: Σ (R_k − R_{k−1}) P_k over distinct thresholds, as scikit-learn does.</summary>
    /// <returns>The average precision, or NaN without attacks.</returns>
    public static double AveragePrecision(ReadOnlySpan<float> scores, ReadOnlySpan<bool> isAttack)
    {
        int[] order = SortedAscending(scores);
        Array.Reverse(order);
        long positives = 0;
        foreach (bool attack in isAttack)
        {
            positives += attack ? 1 : 0;
        }

        if (positives == 0)
        {
            return double.NaN;
        }

        double sum = 0;
        long truePositives = 0;
        int i = 0;
        while (i < order.Length)
        {
            int j = i;
            while (j + 1 < order.Length && scores[order[j + 1]] == scores[order[i]])
            {
                j++;
            }

            long newPositives = 0;
            for (int k = i; k <= j; k++)
            {
                newPositives += isAttack[order[k]] ? 1 : 0;
            }

            truePositives += newPositives;
            sum += (double)newPositives / positives * ((double)truePositives / (j + 1));
            i = j + 1;
        }

        return sum;
    }

    /// <summary>Returns the ROC curve as (false-positive rate, true-positive rate) points from (0,0) to (1,1).</summary>
    public static IReadOnlyList<(double Fpr, double Tpr)> RocCurve(ReadOnlySpan<float> scores, ReadOnlySpan<bool> isAttack)
    {
        int[] order = SortedAscending(scores);
        Array.Reverse(order);
        long positives = 0;
        foreach (bool attack in isAttack)
        {
            positives += attack ? 1 : 0;
        }

        long negatives = isAttack.Length - positives;
        var points = new List<(double, double)> { (0, 0) };
        long tp = 0, fp = 0;
        int i = 0;
        while (i < order.Length)
        {
            int j = i;
            while (j + 1 < order.Length && scores[order[j + 1]] == scores[order[i]])
            {
                j++;
            }

            for (int k = i; k <= j; k++)
            {
                if (isAttack[order[k]])
                {
                    tp++;
                }
                else
                {
                    fp++;
                }
            }

            points.Add((negatives == 0 ? 0 : (double)fp / negatives, positives == 0 ? 0 : (double)tp / positives));
            i = j + 1;
        }

        return points;
    }

    private static int[] SortedAscending(ReadOnlySpan<float> scores)
    {
        int[] order = new int[scores.Length];
        float[] keys = scores.ToArray();
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(keys, order);
        return order;
    }
}
