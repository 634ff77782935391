using System;
using System.Globalization;
using System.IO;
using System.Text;

namespace Ragnatramp.Ssh;

/// <summary>
/// The output of <see cref="GuestHostsFile.ExchangeCommand"/> up to the end of /etc/hosts, read as it
/// arrives: [login-shell noise] frame [cloud-init file list] header "LENGTH\n" [LENGTH bytes].
/// The command then waits for the host's answer, so reading stops at exactly the last byte of the file.
/// </summary>
internal sealed class GuestHostsSection
{
    private GuestHostsSection(string? noise, byte[] cloudInit, byte[]? content)
    {
        Noise = noise;
        CloudInit = cloudInit;
        Content = content;
    }

    /// <summary>What came before the frame (null when nothing).</summary>
    public string? Noise { get; }
    /// <summary>The bytes between the frame and the header: the cloud-init check's output.</summary>
    public byte[] CloudInit { get; }
    /// <summary>The file; null when the output ended before all LENGTH bytes came.</summary>
    public byte[]? Content { get; }

    /// <summary>
    /// Reads <paramref name="output"/> until the file has come whole or the output ends. Null when
    /// the output ended before a frame and a complete header line, or the header is not a length.
    /// </summary>
    public static GuestHostsSection? Receive(Stream output, byte[] frame, byte[] header)
    {
        var received = new MemoryStream();
        var chunk = new byte[16384];
        int frameAt = -1, headerAt = -1, contentAt = -1;
        var length = 0;
        while (true)
        {
            var data = received.GetBuffer();
            var count = (int)received.Length;
            if (frameAt < 0) frameAt = IndexOf(data, count, frame, 0);
            if (frameAt >= 0 && headerAt < 0) headerAt = IndexOf(data, count, header, frameAt + frame.Length);
            if (headerAt >= 0 && contentAt < 0)
            {
                var lineEnd = Array.IndexOf(data, (byte)'\n', headerAt, count - headerAt);
                if (lineEnd >= 0)
                {
                    var text = Encoding.ASCII.GetString(data, headerAt + header.Length, lineEnd - headerAt - header.Length);
                    if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out length)) return null;
                    contentAt = lineEnd + 1;
                }
            }
            if (contentAt >= 0 && count - contentAt >= length)
            {
                return Section(data, frameAt, frame.Length, headerAt, Slice(data, contentAt, length));
            }
            var read = output.Read(chunk, 0, chunk.Length);
            if (read <= 0)
            {
                return contentAt < 0 ? null : Section(data, frameAt, frame.Length, headerAt, null);
            }
            received.Write(chunk, 0, read);
        }
    }

    private static GuestHostsSection Section(byte[] data, int frameAt, int frameLength, int headerAt, byte[]? content) =>
        new(frameAt > 0 ? Encoding.UTF8.GetString(data, 0, frameAt) : null,
            Slice(data, frameAt + frameLength, headerAt - frameAt - frameLength), content);

    private static byte[] Slice(byte[] data, int start, int length)
    {
        var slice = new byte[length];
        Buffer.BlockCopy(data, start, slice, 0, length);
        return slice;
    }

    /// <summary>Where <paramref name="pattern"/> first occurs in the first <paramref name="count"/> bytes of <paramref name="data"/> from <paramref name="from"/> on; -1 when nowhere.</summary>
    internal static int IndexOf(byte[] data, int count, byte[] pattern, int from)
    {
        for (var i = from; i + pattern.Length <= count; i++)
        {
            var j = 0;
            while (j < pattern.Length && data[i + j] == pattern[j]) j++;
            if (j == pattern.Length) return i;
        }
        return -1;
    }
}
