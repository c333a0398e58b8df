using EdgeLstm.Model.Verification;

namespace EdgeLstm.Model.Tests.Verification;

public sealed class ModelIdentityTests
{
    private static readonly string s_hash = new('a', 64);

    public static TheoryData<string, DateTimeOffset?, string> Ids => new()
    {
        { "", null, "sha256:aaaaaaaaaaaaaaaa" },
        { "site", null, "site sha256:aaaaaaaaaaaaaaaa" },
        { "", new DateTimeOffset(2026, 12, 4, 22, 0, 0, TimeSpan.FromHours(1)), "@2026-12-04T21:00:00Z sha256:aaaaaaaaaaaaaaaa" },
        { "site", new DateTimeOffset(2026, 12, 4, 21, 0, 0, TimeSpan.Zero), "site@2026-12-04T21:00:00Z sha256:aaaaaaaaaaaaaaaa" },
    };

    [Theory]
    [MemberData(nameof(Ids))]
    public void Id_NameAndTime_ShownBeforeTheShortHashInUtc(string name, DateTimeOffset? created, string expected) =>
        Assert.Equal(expected, new ModelIdentity(s_hash, name, created).Id);
}
