namespace Ragnatramp.Ssh;

/// <summary>
/// The POSIX cksum checksum (CRC-32, polynomial 0x04C11DB7, length appended), computed here so the
/// guest can compare with `cksum` output, a tool every POSIX system (busybox included) has.
/// </summary>
internal static class PosixCksum
{
    private static readonly uint[] Table = BuildTable();

    /// <summary>What `cksum &lt; file` prints for these bytes: "CRC SIZE".</summary>
    public static string Line(byte[] data) => Compute(data) + " " + data.LongLength;

    public static uint Compute(byte[] data)
    {
        uint crc = 0;
        foreach (var b in data)
        {
            crc = (crc << 8) ^ Table[(crc >> 24) ^ b];
        }
        for (var length = (ulong)data.LongLength; length != 0; length >>= 8)
        {
            crc = (crc << 8) ^ Table[(crc >> 24) ^ (byte)length];
        }
        return ~crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var c = i << 24;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 0x80000000) != 0 ? (c << 1) ^ 0x04C11DB7 : c << 1;
            }
            table[i] = c;
        }
        return table;
    }
}
