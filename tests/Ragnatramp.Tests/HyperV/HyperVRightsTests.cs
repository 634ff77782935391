using System.Management.Automation;
using Ragnatramp.HyperV;

namespace Ragnatramp.Tests.HyperV;

public class HyperVRightsTests
{
    private sealed class FakeToken : ISessionToken
    {
        public FakeToken(bool isWindows, TokenRights? rights)
        {
            IsWindows = isWindows;
            Rights = rights;
        }

        public bool IsWindows { get; }
        public TokenRights? Rights { get; }
        public int Reads { get; private set; }

        public TokenRights? Read()
        {
            Reads++;
            return Rights;
        }
    }

    [Fact]
    public void A_session_neither_elevated_nor_in_hyperv_administrators_is_refused_with_the_fix()
    {
        var refusal = HyperVRights.Refusal(new FakeToken(true, new TokenRights(false, false)));
        Assert.NotNull(refusal);
        Assert.Equal((HyperVErrorIds.AccessDenied, ErrorCategory.PermissionDenied), (refusal!.ErrorId, refusal.Category));
        Assert.Contains("Run as administrator", refusal.Message);
        Assert.Contains("Add-LocalGroupMember -Group 'Hyper-V Administrators'", refusal.Message);
        Assert.Contains("Run with highest privileges", refusal.Message);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void An_elevated_administrator_or_a_hyperv_administrator_may_ask_hyperv(bool elevated, bool hyperVAdmin) =>
        Assert.Null(HyperVRights.Refusal(new FakeToken(true, new TokenRights(elevated, hyperVAdmin))));

    [Fact]
    public void An_unreadable_token_leaves_the_decision_to_hyperv() =>
        Assert.Null(HyperVRights.Refusal(new FakeToken(true, null)));

    [Fact]
    public void The_token_is_not_read_off_windows()
    {
        var token = new FakeToken(false, new TokenRights(false, false));
        Assert.Null(HyperVRights.Refusal(token));
        Assert.Equal(0, token.Reads);
    }

    [Fact]
    public void The_gateway_refuses_before_its_first_get_vm_and_checks_the_token_once()
    {
        var calls = new List<string>();
        var token = new FakeToken(true, new TokenRights(false, false));
        var gateway = new HyperVGateway(calls.Add, _ => { }, token);
        var ex = Assert.Throws<HyperVException>(() => gateway.GetVms());
        Assert.Equal(HyperVErrorIds.AccessDenied, ex.ErrorId);
        Assert.DoesNotContain(calls, c => c.Contains("Get-VM"));
        Assert.Equal(1, token.Reads);
    }

    [Fact]
    public void The_session_token_reader_answers_null_where_there_is_no_windows_token()
    {
        // Runs the real script in a real runspace; off Windows WindowsIdentity throws, so the reader must not guess.
        using var runspace = System.Management.Automation.Runspaces.RunspaceFactory.CreateRunspace();
        runspace.Open();
        var previous = System.Management.Automation.Runspaces.Runspace.DefaultRunspace;
        System.Management.Automation.Runspaces.Runspace.DefaultRunspace = runspace;
        try
        {
            var verbose = new List<string>();
            var token = new PowerShellSessionToken(verbose.Add);
            if (token.IsWindows) return; // on Windows the token is real; the decision tests above cover it
            Assert.Null(token.Read());
            Assert.Contains(verbose, v => v.StartsWith("Could not read this session's token", StringComparison.Ordinal));
        }
        finally
        {
            System.Management.Automation.Runspaces.Runspace.DefaultRunspace = previous;
        }
    }
}
