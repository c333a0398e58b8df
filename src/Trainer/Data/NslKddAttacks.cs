namespace EdgeLstm.Trainer.Data;

/// <summary>Maps NSL-KDD attack names to the five standard classes (normal, DoS, Probe, R2L, U2R).</summary>
/// <remarks>
/// The table is the standard KDD Cup 99 / NSL-KDD one, with the attacks that appear only in KDDTest+ (apache2, mailbomb,
/// processtable, udpstorm, mscan, saint, named, sendmail, snmpgetattack, snmpguess, worm, xlock, xsnoop, httptunnel, ps,
/// sqlattack, xterm) placed as in Tavallaee et al. 2009 and the DARPA 1999 attack taxonomy.
/// </remarks>
internal static class NslKddAttacks
{
    /// <summary>The label of benign records.</summary>
    public const string Normal = "normal";

    private static readonly Dictionary<string, string> s_classes = Build();
    private static readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> s_lookup = s_classes.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Gets the five class names, benign first, in the order used for multi-class labels.</summary>
    public static IReadOnlyList<string> ClassNames { get; } = [Normal, "DoS", "Probe", "R2L", "U2R"];

    /// <summary>Looks up the class of an attack name (ignoring case), without allocating.</summary>
    /// <param name="attackName">The attack name.</param>
    /// <param name="attack">The name as the table spells it.</param>
    /// <param name="classification">The attack's class.</param>
    /// <returns><see langword="false"/> for an unknown name.</returns>
    public static bool TryGetClass(ReadOnlySpan<char> attackName, out string attack, out string classification)
    {
        bool known = s_lookup.TryGetValue(attackName, out string? name, out string? value);
        attack = name ?? "";
        classification = value ?? "";
        return known;
    }

    private static Dictionary<string, string> Build()
    {
        var classes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { [Normal] = Normal };
        Add(classes, "DoS", "back", "land", "neptune", "pod", "smurf", "teardrop", "apache2", "mailbomb", "processtable", "udpstorm");
        Add(classes, "Probe", "ipsweep", "nmap", "portsweep", "satan", "mscan", "saint");
        Add(classes, "R2L", "ftp_write", "guess_passwd", "imap", "multihop", "phf", "spy", "warezclient", "warezmaster",
            "named", "sendmail", "snmpgetattack", "snmpguess", "worm", "xlock", "xsnoop");
        Add(classes, "U2R", "buffer_overflow", "loadmodule", "perl", "rootkit", "httptunnel", "ps", "sqlattack", "xterm");
        return classes;
    }

    private static void Add(Dictionary<string, string> classes, string name, params string[] attacks)
    {
        foreach (string attack in attacks)
        {
            classes.Add(attack, name);
        }
    }
}
