namespace Ragnatramp.HyperV;

/// <summary>VMIntegrationComponentOperationalStatus values Ragnatramp reads.</summary>
internal enum IntegrationStatus
{
    Unknown = 0,
    Ok = 2,
    Degraded = 3,
    Error = 6,
    NonRecoverableError = 7,
    NoContact = 12,
    LostCommunication = 13,
    ProtocolMismatch = 32775,
    Disabled = 32896,
}
