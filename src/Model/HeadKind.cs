using System.Text.Json.Serialization;

namespace EdgeLstm.Model;

/// <summary>Names the output head placed on the recurrent cell.</summary>
public enum HeadKind
{
    /// <summary>One logit on the last hidden state; binary cross-entropy; score = probability of the positive class.</summary>
    [JsonStringEnumMemberName("sigmoid")]
    Sigmoid,

    /// <summary>One logit per class on the last hidden state; cross-entropy; score = 1 − probability of class 0 (benign).</summary>
    [JsonStringEnumMemberName("softmax")]
    Softmax,

    /// <summary>Regression of the next feature vector from every hidden state; mean squared standardized error.</summary>
    [JsonStringEnumMemberName("next_step")]
    NextStep,
}
