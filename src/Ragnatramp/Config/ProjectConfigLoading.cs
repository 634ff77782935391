using System.Management.Automation;

namespace Ragnatramp.Config;

/// <summary>
/// How every cmdlet turns its -Path into a validated config: PowerShell paths resolved against the
/// session's current FileSystem location, and the errors a PowerShell user expects
/// (ConfigNotFound, ConfigInvalid, ConfigUnreadable), all terminating.
/// </summary>
internal static class ProjectConfigLoading
{
    public const string NotFoundErrorId = "ConfigNotFound";
    public const string InvalidErrorId = "ConfigInvalid";
    public const string UnreadableErrorId = "ConfigUnreadable";

    /// <summary>
    /// The project at -Path (file or folder; null = the current location), with the ragnatramp.reconcile.yaml
    /// beside it. Writes the config's warnings (Ragnatramp 0.1 keys in ragnatramp.yaml) once. Throws a
    /// terminating error on failure.
    /// </summary>
    public static ProjectConfig Load(PSCmdlet cmdlet, string? path)
    {
        var configPath = Locate(cmdlet, path);
        cmdlet.WriteVerbose($"Reading config file '{configPath}'.");
        ProjectConfig config;
        try
        {
            config = ConfigLoader.Load(configPath);
        }
        catch (ConfigNotFoundException e)
        {
            throw Terminate(cmdlet, e, NotFoundErrorId, ErrorCategory.ObjectNotFound, e.Path);
        }
        catch (ConfigException e) when (e.Line == 0)
        {
            throw Terminate(cmdlet, e, UnreadableErrorId, ErrorCategory.ReadError, e.File);
        }
        catch (ConfigException e)
        {
            throw Terminate(cmdlet, e, InvalidErrorId, ErrorCategory.InvalidData, e.File,
                $"Fix {e.File} at line {e.Line}, column {e.Column}, then run the command again.");
        }
        cmdlet.WriteVerbose(config.ReconcilePath != null
            ? $"Config '{configPath}': project '{config.ProjectName}', {config.Machines.Count} machine(s); Ragnatramp's settings from '{config.ReconcilePath}'."
            : $"Config '{configPath}': project '{config.ProjectName}', {config.Machines.Count} machine(s); no {ConfigLoader.ReconcileFileName(configPath)} beside it.");
        foreach (var warning in config.Warnings) cmdlet.WriteWarning(warning);
        return config;
    }

    /// <summary>The absolute config file path for -Path; a terminating ConfigNotFound error when there is none.</summary>
    public static string Locate(PSCmdlet cmdlet, string? path)
    {
        var current = cmdlet.SessionState.Path.CurrentFileSystemLocation.ProviderPath;
        try
        {
            string? resolved = null;
            if (!string.IsNullOrEmpty(path))
            {
                resolved = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out var provider, out _);
                if (provider.ImplementingType != typeof(Microsoft.PowerShell.Commands.FileSystemProvider))
                {
                    var error = new ConfigNotFoundException(path!,
                        $"'{path}' is a path of the {provider.Name} provider: pass the config file or its folder on the file system.");
                    throw Terminate(cmdlet, error, NotFoundErrorId, ErrorCategory.ObjectNotFound, path!);
                }
            }
            return ProjectLocator.ResolveConfigPath(resolved, current);
        }
        catch (ConfigNotFoundException e)
        {
            throw Terminate(cmdlet, e, NotFoundErrorId, ErrorCategory.ObjectNotFound, e.Path);
        }
        catch (System.Exception e) when (e is ItemNotFoundException or DriveNotFoundException or ProviderNotFoundException
                                              or System.NotSupportedException or PSArgumentException)
        {
            var error = new ConfigNotFoundException(path!, $"Cannot use '{path}' as a config path: {e.Message}");
            throw Terminate(cmdlet, error, NotFoundErrorId, ErrorCategory.ObjectNotFound, path!);
        }
    }

    private static PipelineStoppedException Terminate(PSCmdlet cmdlet, System.Exception e, string errorId,
        ErrorCategory category, string target, string? recommendedAction = null)
    {
        var record = new ErrorRecord(e, errorId, category, target);
        if (recommendedAction != null)
        {
            record.ErrorDetails = new ErrorDetails(e.Message) { RecommendedAction = recommendedAction };
        }
        cmdlet.ThrowTerminatingError(record);
        return new PipelineStoppedException(); // not reached: ThrowTerminatingError always throws
    }
}
