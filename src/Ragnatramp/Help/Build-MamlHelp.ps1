<#
    Writes en-US/Ragnatramp.dll-Help.xml (MAML) for the built module from the help data files
    beside this script (<Cmdlet>.help.psd1: Synopsis, Description, Parameters, Examples, Notes,
    Inputs, Outputs). Parameter types, sets, positions and pipeline input come from the compiled
    cmdlets themselves, so the help never disagrees with the code. Gaps (a cmdlet without data, a
    parameter without a description, fewer than two examples) are warnings here and failures in
    tests/Pester/Help.Tests.ps1 (so work in progress still builds).
    Runs in a fresh process (build.ps1 starts it) because it imports the built module.
#>
param(
    [Parameter(Mandatory)] [string] $ModuleDir,
    [string] $HelpDataDir = $PSScriptRoot
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$module = Import-Module (Join-Path $ModuleDir 'Ragnatramp.psd1') -Force -PassThru
# -WhatIf and -Confirm are listed like the cmdlet's own parameters (as PowerShell's own help does);
# the rest of the common parameters are only <CommonParameters>.
$common = [System.Management.Automation.Cmdlet]::CommonParameters
$shouldProcessText = @{
    WhatIf  = 'Shows what would happen if the cmdlet runs. Nothing is written and no guest is logged into.'
    Confirm = 'Prompts you for confirmation before each change.'
}

function Esc([string] $Text) { [System.Security.SecurityElement]::Escape($Text) }

function Paras([string] $Text) {
    ($Text -split "(`r?`n){2,}" | Where-Object { $_.Trim() } | ForEach-Object { "<maml:para>$(Esc $_.Trim())</maml:para>" }) -join ''
}

function Get-PipelineInput($Attributes) {
    $kinds = @()
    foreach ($a in $Attributes) {
        if ($a.ValueFromPipeline) { $kinds += 'ByValue' }
        if ($a.ValueFromPipelineByPropertyName) { $kinds += 'ByPropertyName' }
    }
    $kinds = $kinds | Select-Object -Unique
    if ($kinds) { "True ($($kinds -join ', '))" } else { 'False' }
}

function ParameterXml($Parameter, $SetName, [string] $Description) {
    $attrs = @($Parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] -and ($SetName -eq $null -or $_.ParameterSetName -in @($SetName, '__AllParameterSets')) })
    $required = [bool]($attrs | Where-Object Mandatory)
    # A loop, not (... | Select-Object -First 1).Position: under strict mode that throws when no parameter is positional.
    $position = 'named'
    foreach ($a in $attrs) { if ($a.Position -ge 0) { $position = $a.Position; break } }
    $aliases = if ($Parameter.Aliases.Count) { $Parameter.Aliases -join ', ' } else { 'none' }
    $type = $Parameter.ParameterType
    if ([Nullable]::GetUnderlyingType($type)) { $type = [Nullable]::GetUnderlyingType($type) }
    $typeName = if ($type -eq [System.Management.Automation.SwitchParameter]) { 'SwitchParameter' } else { $type.Name }
    $globbing = [bool]($Parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })
    $value = if ($typeName -eq 'SwitchParameter') { '' } else { "<command:parameterValue required=`"true`" variableLength=`"false`">$(Esc $typeName)</command:parameterValue>" }
    @"
<command:parameter required="$($required.ToString().ToLower())" variableLength="true" globbing="$($globbing.ToString().ToLower())" pipelineInput="$(Get-PipelineInput $attrs)" position="$position" aliases="$(Esc $aliases)">
<maml:name>$($Parameter.Name)</maml:name>
<maml:description>$(Paras $Description)</maml:description>
$value
<dev:type><maml:name>$(Esc $type.FullName)</maml:name><maml:uri /></dev:type>
<dev:defaultValue>None</dev:defaultValue>
</command:parameter>
"@
}

$commands = foreach ($cmdlet in $module.ExportedCmdlets.Values | Sort-Object Name) {
    $dataPath = Join-Path $HelpDataDir "$($cmdlet.Name).help.psd1"
    if (-not (Test-Path $dataPath)) { Write-Warning "No help data for $($cmdlet.Name): write $dataPath."; continue }
    $data = Import-PowerShellDataFile $dataPath
    foreach ($name in $shouldProcessText.Keys) {
        if ($cmdlet.Parameters.ContainsKey($name) -and -not $data.Parameters.ContainsKey($name)) { $data.Parameters[$name] = $shouldProcessText[$name] }
    }
    $own = @($cmdlet.Parameters.Values | Where-Object { $_.Name -notin $common })
    foreach ($p in $own) {
        if (-not $data.Parameters.ContainsKey($p.Name) -or -not "$($data.Parameters[$p.Name])".Trim()) {
            Write-Warning "$dataPath describes no parameter -$($p.Name)."
        }
    }
    foreach ($name in $data.Parameters.Keys) {
        if ($name -notin $own.Name) { Write-Warning "$dataPath describes -$name, which $($cmdlet.Name) does not have." }
    }
    if (@($data.Examples).Count -lt 2) { Write-Warning "$dataPath needs at least two examples." }

    $syntax = foreach ($set in $cmdlet.ParameterSets) {
        $items = foreach ($p in $set.Parameters | Where-Object { $_.Name -notin $common }) {
            ParameterXml $cmdlet.Parameters[$p.Name] $set.Name $data.Parameters[$p.Name]
        }
        "<command:syntaxItem><maml:name>$($cmdlet.Name)</maml:name>$($items -join "`n")</command:syntaxItem>"
    }
    $parameters = foreach ($p in $own | Sort-Object Name) { ParameterXml $p $null $data.Parameters[$p.Name] }
    $i = 0
    $examples = foreach ($e in $data.Examples) {
        $i++
        "<command:example><maml:title>-------------------------- Example ${i}: $(Esc $e.Title) --------------------------</maml:title><dev:code>$(Esc $e.Code)</dev:code><dev:remarks>$(Paras $e.Remarks)</dev:remarks></command:example>"
    }
    $inputs = foreach ($t in @($data.Inputs)) { "<command:inputType><dev:type><maml:name>$(Esc $t.Type)</maml:name></dev:type><maml:description>$(Paras $t.Description)</maml:description></command:inputType>" }
    $outputs = foreach ($t in @($data.Outputs)) { "<command:returnValue><dev:type><maml:name>$(Esc $t.Type)</maml:name></dev:type><maml:description>$(Paras $t.Description)</maml:description></command:returnValue>" }
    $verb, $noun = $cmdlet.Name -split '-', 2
    @"
<command:command xmlns:maml="http://schemas.microsoft.com/maml/2004/10" xmlns:command="http://schemas.microsoft.com/maml/dev/command/2004/10" xmlns:dev="http://schemas.microsoft.com/maml/dev/2004/10" xmlns:MSHelp="http://msdn.microsoft.com/mshelp">
<command:details><command:name>$($cmdlet.Name)</command:name><command:verb>$verb</command:verb><command:noun>$noun</command:noun><maml:description>$(Paras $data.Synopsis)</maml:description></command:details>
<maml:description>$(Paras $data.Description)</maml:description>
<command:syntax>$($syntax -join "`n")</command:syntax>
<command:parameters>$($parameters -join "`n")</command:parameters>
<command:inputTypes>$($inputs -join "`n")</command:inputTypes>
<command:returnValues>$($outputs -join "`n")</command:returnValues>
<maml:alertSet><maml:alert>$(Paras $data.Notes)</maml:alert></maml:alertSet>
<command:examples>$($examples -join "`n")</command:examples>
<command:relatedLinks><maml:navigationLink><maml:linkText>about_Ragnatramp</maml:linkText><maml:uri /></maml:navigationLink></command:relatedLinks>
</command:command>
"@
}

$xml = "<?xml version=`"1.0`" encoding=`"utf-8`"?>`n<helpItems schema=`"maml`" xmlns=`"http://msh`">`n$($commands -join "`n")`n</helpItems>`n"
[xml] $null = $xml  # fail the build on malformed XML
$target = Join-Path $ModuleDir 'en-US'
New-Item -ItemType Directory -Force $target | Out-Null
[IO.File]::WriteAllText((Join-Path $target 'Ragnatramp.dll-Help.xml'), $xml, [Text.UTF8Encoding]::new($false))
Copy-Item (Join-Path $HelpDataDir 'about_Ragnatramp.help.txt') $target
