using System.Security.Cryptography;
using System.Text;
using Ragnatramp.Config;

namespace Ragnatramp.Tests.Config;

public class VmNamingTests
{
    // Generated with Node.js v20.20.2 (the Node.js CLI's own computePathHash):
    //   node -e 'const p=process.argv[1]; const l=p.replace(/\\/g,"/").toLowerCase();
    //            console.log(l, require("crypto").createHash("sha256").update(l).digest("hex").slice(0,8))' '<path>'
    public static TheoryData<string, string, string> NodeVectors => new()
    {
        { @"C:\Users\me\demo\ragnatramp.yaml", "c:/users/me/demo/ragnatramp.yaml", "a24d3b1c" },
        { @"C:\Users\Me\My Projects\Demo\ragnatramp.yaml", "c:/users/me/my projects/demo/ragnatramp.yaml", "3a12b910" },
        { "C:/Users/ME/demo/RAGNATRAMP.YAML", "c:/users/me/demo/ragnatramp.yaml", "a24d3b1c" },
        { @"\\FileServer\Share\Lab Env\ragnatramp.yaml", "//fileserver/share/lab env/ragnatramp.yaml", "2f4734e6" },
        { "/home/Me/Projects/ragnatramp.yaml", "/home/me/projects/ragnatramp.yaml", "73026fe4" },
        { @"C:\Users\Jürgen\Größe\ÄÖÜ Straße\ragnatramp.yaml", "c:/users/jürgen/größe/äöü straße/ragnatramp.yaml", "ea9e54af" },
        // Turkish: JavaScript maps 'İ' to "i\u0307" (two code points) and 'I' to 'i', whatever the culture.
        { "C:\\Users\\\u0130smail\\I\u015eIK \u00c7al\u0131\u015fma\\ragnatramp.yaml", "c:/users/i\u0307smail/i\u015fik \u00e7al\u0131\u015fma/ragnatramp.yaml", "4cf63d10" },
        // Greek: a capital sigma that ends a word becomes the final form 'ς'.
        { @"C:\Έργα\ΟΔΥΣΣΕΥΣ\ragnatramp.yaml", "c:/έργα/οδυσσευς/ragnatramp.yaml", "d2e6b25e" },
        // ...but not when a letter follows after a case-ignorable '.', and not when no letter precedes it.
        { @"C:\ΣΣ\ΑΣ.YAML\ragnatramp.yaml", "c:/σς/ασ.yaml/ragnatramp.yaml", "35bd86d7" },
        { @"C:\用户\项目 测试\ragnatramp.yaml", "c:/用户/项目 测试/ragnatramp.yaml", "996d307d" },
        { @"C:\Users\me\🚀 Rocket Ünïcode\ragnatramp.yaml", "c:/users/me/🚀 rocket ünïcode/ragnatramp.yaml", "08beb66d" },
        // Deseret capitals lie outside the BMP: lower-casing must work on surrogate pairs.
        { @"C:\𐐀𐐁 Deseret\ragnatramp.yaml", "c:/𐐨𐐩 deseret/ragnatramp.yaml", "2dcae9e2" },
        // Kelvin sign, Angstrom sign, Georgian Mtavruli (Unicode 11).
        { "C:\\Temp\\\u212a\u212b \u1c90\\ragnatramp.yaml", "c:/temp/k\u00e5 \u10d0/ragnatramp.yaml", "023359d0" },
    };

    [Theory]
    [MemberData(nameof(NodeVectors))]
    public void Config_path_hash_matches_the_Nodejs_CLI(string configPath, string hashedText, string hash8)
    {
        Assert.Equal(hashedText, JsLowerCase.ToLower(configPath.Replace('\\', '/')));
        Assert.Equal(hash8, VmNaming.ConfigPathHash(configPath));
    }

    [Fact]
    public void Derive_joins_project_machine_and_hash()
    {
        Assert.Equal("demo-web-a24d3b1c", VmNaming.Derive("demo", "web", @"C:\Users\me\demo\ragnatramp.yaml"));
    }

    [Fact]
    public void Derive_keeps_the_case_of_project_and_machine_names()
    {
        Assert.Equal("Demo-Web-a24d3b1c", VmNaming.Derive("Demo", "Web", @"C:\Users\ME\Demo\ragnatramp.yaml"));
    }

    [Fact]
    public void Lower_casing_matches_JavaScript_for_every_code_point()
    {
        // node -e 'let s=""; for (let c=0;c<=0x10ffff;c++){ if(c<0xd800||c>0xdfff) s+=String.fromCodePoint(c); }
        //          console.log(require("crypto").createHash("sha256").update(s.toLowerCase()).digest("hex"))'
        const string NodeDigest = "9828b44a7387383e98a8c6a39f8fb4d4ba31189fc5e6113a439e72cd33fd9387";
        var all = new StringBuilder();
        for (var cp = 0; cp <= 0x10FFFF; cp++)
        {
            if (cp is >= 0xD800 and <= 0xDFFF) continue;
            all.Append(char.ConvertFromUtf32(cp));
        }
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(JsLowerCase.ToLower(all.ToString())));
        Assert.Equal(NodeDigest, Convert.ToHexString(digest).ToLowerInvariant());
    }

    [Theory]
    [InlineData("\u03a3", "\u03c3")]            // alone: no cased letter before it
    [InlineData("A\u03a3", "a\u03c2")]          // ends a word
    [InlineData("A\u03a3B", "a\u03c3b")]        // inside a word
    [InlineData("A\u03a3\u0301", "a\u03c2\u0301")] // a combining mark after it is case-ignorable
    [InlineData("\u0345\u03a3", "\u0345\u03c3")] // U+0345 is cased but also case-ignorable: it does not count
    public void Final_sigma_follows_the_Unicode_rule_as_JavaScript_does(string text, string lower)
    {
        Assert.Equal(lower, JsLowerCase.ToLower(text));
    }

    [Fact]
    public void A_lone_surrogate_passes_through_unchanged()
    {
        Assert.Equal("a\ud800b", JsLowerCase.ToLower("A\ud800B"));
    }
}
