namespace EdgeLstm.Features.Decoding;

/// <summary>Says what a <see cref="HostAddress"/> names: one host, or an aggregate the host table keeps for traffic of
/// hosts it could not admit (docs/features.md, "Host table").</summary>
public enum HostAddressKind : byte
{
    /// <summary>One IPv4 or IPv6 host.</summary>
    Host,

    /// <summary>The untracked peers of one tracked host, as one entity; printed <c>untracked-&gt;192.168.1.5</c>.</summary>
    UntrackedPeers,

    /// <summary>Every other untracked host, once the aggregates are full or when neither end is tracked; printed <c>untracked-&gt;*</c>.</summary>
    Untracked,
}
