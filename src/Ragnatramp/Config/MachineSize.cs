namespace Ragnatramp.Config;

/// <summary>A VM's size and image as ragnatramp.yaml gives them (cpu count, memory in MB, base image path as written).</summary>
internal sealed class MachineSize
{
    public static readonly MachineSize Unset = new(null, null, null);

    public MachineSize(int? cpu, int? memoryMb, string? baseImage)
    {
        Cpu = cpu;
        MemoryMb = memoryMb;
        BaseImage = baseImage;
    }

    public int? Cpu { get; }
    public int? MemoryMb { get; }
    public string? BaseImage { get; }

    /// <summary>This size's parts where set, the fallback's elsewhere.</summary>
    public MachineSize Over(MachineSize fallback) =>
        new(Cpu ?? fallback.Cpu, MemoryMb ?? fallback.MemoryMb, BaseImage ?? fallback.BaseImage);
}
