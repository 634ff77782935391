using Ragnatramp.Config;

namespace Ragnatramp.Tests.Config;

public class HostNameTests
{
    [Theory]
    [InlineData("web")]
    [InlineData("w")]
    [InlineData("Web-01")]
    [InlineData("1web")]
    [InlineData("web.local")]
    [InlineData("a-b.c-d.example.com")]
    [InlineData("host.123abc")]
    public void Valid_RFC_1123_names_pass(string name) => Assert.Null(HostName.Problem(name));

    [Theory]
    [InlineData("", "it is empty")]
    [InlineData("web server", "it contains whitespace")]
    [InlineData("web\tserver", "it contains whitespace")]
    [InlineData("web\r", "it contains a line break")]
    [InlineData("web#2", "it contains '#', which starts a comment in /etc/hosts")]
    [InlineData("web_2", "it contains '_'")]
    [InlineData("web\u0000", "it contains a control character")]
    [InlineData(".web", "it has an empty label (a '.' at the start, at the end or twice in a row)")]
    [InlineData("web.", "it has an empty label (a '.' at the start, at the end or twice in a row)")]
    [InlineData("web-", "its label 'web-' starts or ends with '-'")]
    [InlineData("a.-b.c", "its label '-b' starts or ends with '-'")]
    [InlineData("192.168.1.10", "its last label is all digits, so it would read as an IP address")]
    public void Invalid_names_say_why(string name, string problem) => Assert.Equal(problem, HostName.Problem(name));

    [Fact]
    public void Names_longer_than_253_characters_are_invalid()
    {
        var name = string.Join(".", Enumerable.Repeat(new string('a', 63), 4)); // 255 characters
        Assert.Equal("it is 255 characters long, more than 253", HostName.Problem(name));
    }

    [Fact]
    public void Printable_shows_control_characters_as_escapes() =>
        Assert.Equal("a\\nb\\r\\t\\u0007", HostName.Printable("a\nb\r\t\u0007"));
}
