using Ragnatramp.Config;

namespace Ragnatramp.Tests.Config;

public class YamlDocumentReaderTests
{
    private static YamlNode? Read(string text) => ConfigFixture.Reader.Read(text, "/p/ragnatramp.yaml");

    private static YamlNode Value(YamlNode? root, string key) =>
        Assert.IsType<YamlMapping>(root).Entries.Single(e => e.Key.Text == key).Value;

    [Fact]
    public void Nodes_carry_one_based_line_and_column()
    {
        var root = Read("project:\n  name: demo\n");
        var project = Assert.IsType<YamlMapping>(Value(root, "project"));
        var name = project.Entries[0];
        Assert.Equal((2, 3), (name.Key.Line, name.Key.Column));
        Assert.Equal((2, 9), (name.Value.Line, name.Value.Column));
    }

    [Theory]
    [InlineData("cpu: 2", "Plain", "Integer")]
    [InlineData("cpu: \"2\"", "DoubleQuoted", "String")]
    [InlineData("cpu: '2'", "SingleQuoted", "String")]
    [InlineData("cpu: !!str 2", "Plain", "String")]
    [InlineData("cpu: ! 2", "Plain", "String")]
    [InlineData("cpu: yes", "Plain", "String")]
    [InlineData("cpu: True", "Plain", "Boolean")]
    [InlineData("cpu: null", "Plain", "Null")]
    [InlineData("cpu: ~", "Plain", "Null")]
    [InlineData("cpu:", "Plain", "Null")]
    [InlineData("cpu: 'null'", "SingleQuoted", "String")]
    [InlineData("cpu: 0x1F", "Plain", "Integer")]
    [InlineData("cpu: 2.5", "Plain", "Float")]
    [InlineData("cpu: .inf", "Plain", "Float")]
    [InlineData("cpu: |\n  2\n", "Literal", "String")]
    public void Scalars_keep_their_style_and_resolve_by_the_YAML_1_2_core_schema(string yaml, string style, string type)
    {
        var scalar = Assert.IsType<YamlScalar>(Value(Read(yaml), "cpu"));
        Assert.Equal(style, scalar.Style.ToString());
        Assert.Equal(type, scalar.Type.ToString());
    }

    [Fact]
    public void Empty_text_has_no_document() => Assert.Null(Read(""));

    [Fact]
    public void Comment_only_text_has_no_document() => Assert.Null(Read("# nothing yet\n"));

    [Fact]
    public void An_alias_shares_its_anchored_node()
    {
        var root = Read("a: &x {k: v}\nb: *x\n");
        Assert.Same(Value(root, "a"), Value(root, "b"));
    }

    [Fact]
    public void Complex_keys_are_rejected()
    {
        var error = Assert.Throws<ConfigException>(() => Read("? [a, b]\n: c\n"));
        Assert.Equal((1, 3), (error.Line, error.Column));
        Assert.Equal("a key here is a list or mapping: keys must be plain names like 'name'", error.Problem);
    }

    [Fact]
    public void Duplicate_keys_in_flow_style_are_rejected_at_the_second()
    {
        var error = Assert.Throws<ConfigException>(() => Read("ssh: {user: a, user: b}\n"));
        Assert.Equal((1, 16), (error.Line, error.Column));
        Assert.Equal("/p/ragnatramp.yaml", error.File);
    }

    [Fact]
    public void Byte_order_mark_is_not_part_of_the_first_key()
    {
        var root = Read("\uFEFFproject: x\n");
        Assert.Equal("project", Assert.IsType<YamlMapping>(root).Entries[0].Key.Text);
    }
}
