using System;
using System.Collections.Generic;
using System.IO;

namespace Ragnatramp.Config;

/// <summary>
/// The reads both files share: an ssh block, an aliases list, switch_name and address_timeout, each
/// value kept with the line it was written on.
/// </summary>
internal sealed class SettingReaders
{
    public const string HostNameRule =
        "a host name is labels of letters, digits and '-' (1 to 63 characters each, not starting or ending with '-') " +
        "joined by '.', at most 253 characters";
    public const string UserRule = "a user name without spaces or control characters";
    public const string NonEmptyRule = "it may not be empty";

    private readonly string _file;
    private readonly string _directory;
    private readonly KeyPathExpansion _expansion;

    public SettingReaders(string file, KeyPathExpansion expansion)
    {
        _file = file;
        _directory = Path.GetDirectoryName(file) ?? ".";
        _expansion = expansion;
    }

    public SettingOrigin At(YamlNode node) => SettingOrigin.InFile(_file, node.Line);

    /// <summary>The ssh block of <paramref name="owner"/>; <paramref name="withPort"/>: ssh.port is allowed (ragnatramp.reconcile.yaml).</summary>
    public SshSettings Ssh(ConfigSection owner, bool withPort, Func<string, string?>? hint = null)
    {
        var ssh = owner.OptionalSection("ssh", $"ssh in {owner.Label}", "{user: admin, private_key: ~/.ssh/id_ed25519}");
        if (ssh == null)
        {
            return SshSettings.None;
        }
        if (withPort) ssh.AllowOnlyHinting(hint ?? (_ => null), "user", "private_key", "port");
        else ssh.AllowOnlyHinting(hint ?? (_ => null), "user", "private_key");

        Setting<string>? user = null;
        if (ssh.Find("user") is { } userNode)
        {
            user = new(ssh.Text(userNode, "user", UserRule, IsUserName, ssh.Label), At(userNode));
        }
        Setting<string>? keyFile = null;
        if (ssh.Find("private_key") is { } keyNode)
        {
            var written = ssh.Text(keyNode, "private_key", "the path of an SSH private key file; " + NonEmptyRule, IsNotBlank, ssh.Label);
            try
            {
                keyFile = new(_expansion.Expand(written, _directory), At(keyNode));
            }
            catch (KeyPathException e)
            {
                throw ssh.Error(keyNode, $"private_key in {ssh.Label}: {e.Message}");
            }
        }
        Setting<int>? port = null;
        if (withPort && ssh.OptionalInteger("port", 1, 65535) is { } number)
        {
            port = new(number, At(ssh.Find("port")!));
        }
        return new SshSettings(user, keyFile, port);
    }

    /// <summary>The aliases of <paramref name="machine"/>; null when it has none (absent or empty).</summary>
    public AliasSettings? Aliases(ConfigSection machine)
    {
        var node = machine.Find("aliases");
        if (node == null || ConfigSection.IsNull(node))
        {
            return null;
        }
        if (node is not YamlSequence list)
        {
            throw machine.Error(node, $"aliases of {machine.Label} must be a list of host names, e.g. [www, web.local], not {node.Description}");
        }
        var aliases = new List<(YamlNode, string)>();
        foreach (var item in list.Items)
        {
            var alias = machine.Text(item, $"alias of {machine.Label}", HostNameRule);
            var problem = HostName.Problem(alias);
            if (problem != null)
            {
                throw machine.Error(item,
                    $"alias '{HostName.Printable(alias)}' of {machine.Label} is not a valid host name: {problem}; {HostNameRule}");
            }
            aliases.Add((item, alias));
        }
        return new AliasSettings(_file, aliases, At(node));
    }

    public Setting<string>? SwitchName(ConfigSection settings) =>
        settings.OptionalText("switch_name", "the name of a Hyper-V virtual switch; " + NonEmptyRule, IsNotBlank) is { } name
            ? new(name, At(settings.Find("switch_name")!))
            : null;

    public Setting<int>? AddressTimeout(ConfigSection settings) =>
        settings.OptionalInteger("address_timeout", 0, 3600, " of seconds") is { } seconds
            ? new(seconds, At(settings.Find("address_timeout")!))
            : null;

    public static bool IsNotBlank(string text) => text.Trim().Length > 0;

    private static bool IsUserName(string text)
    {
        if (text.Length == 0) return false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c)) return false;
        }
        return true;
    }
}
