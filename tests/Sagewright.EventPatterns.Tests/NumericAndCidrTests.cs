namespace Sagewright.EventPatterns.Tests;

public sealed class NumericAndCidrTests
{
    [Theory]
    [InlineData("""{"n":[{"numeric":[">",0]}]}""", """{"n":0.001}""", true)]
    [InlineData("""{"n":[{"numeric":[">",0]}]}""", """{"n":0}""", false)]
    [InlineData("""{"n":[{"numeric":[">=",0]}]}""", """{"n":0}""", true)]
    [InlineData("""{"n":[{"numeric":["<",10]}]}""", """{"n":-1e9}""", true)]
    [InlineData("""{"n":[{"numeric":["<",10]}]}""", """{"n":10}""", false)]
    [InlineData("""{"n":[{"numeric":["<=",10]}]}""", """{"n":10}""", true)]
    [InlineData("""{"n":[{"numeric":["=",3.5]}]}""", """{"n":3.5}""", true)]
    [InlineData("""{"n":[{"numeric":["=",3.5]}]}""", """{"n":3.50001}""", false)]
    [InlineData("""{"n":[{"numeric":["=",300]}]}""", """{"n":3e2}""", true)]
    [InlineData("""{"n":[{"numeric":[">",0,"<=",5]}]}""", """{"n":5}""", true)]
    [InlineData("""{"n":[{"numeric":[">",0,"<=",5]}]}""", """{"n":0}""", false)]
    [InlineData("""{"n":[{"numeric":[">",0,"<=",5]}]}""", """{"n":5.1}""", false)]
    [InlineData("""{"n":[{"numeric":[">=",0,"<",5]}]}""", """{"n":0}""", true)]
    [InlineData("""{"n":[{"numeric":[">=",0,"<",5]}]}""", """{"n":5}""", false)]
    [InlineData("""{"n":[{"numeric":[">",0]}]}""", """{"n":"5"}""", false)]
    [InlineData("""{"n":[{"numeric":[">",0]}]}""", """{}""", false)]
    [InlineData("""{"n":[{"numeric":[">",100]}]}""", """{"n":[1,200]}""", true)]
    public void Matches_Numeric(string pattern, string @event, bool expected) =>
        PatternCase.AssertMatch(pattern, @event, expected);

    [Theory]
    [InlineData("""{"ip":[{"cidr":"10.0.0.0/24"}]}""", """{"ip":"10.0.0.255"}""", true)]
    [InlineData("""{"ip":[{"cidr":"10.0.0.0/24"}]}""", """{"ip":"10.0.1.0"}""", false)]
    [InlineData("""{"ip":[{"cidr":"10.0.0.7/24"}]}""", """{"ip":"10.0.0.1"}""", true)]
    [InlineData("""{"ip":[{"cidr":"10.0.0.1/32"}]}""", """{"ip":"10.0.0.1"}""", true)]
    [InlineData("""{"ip":[{"cidr":"10.0.0.1/32"}]}""", """{"ip":"10.0.0.2"}""", false)]
    [InlineData("""{"ip":[{"cidr":"0.0.0.0/0"}]}""", """{"ip":"203.0.113.9"}""", true)]
    [InlineData("""{"ip":[{"cidr":"0.0.0.0/0"}]}""", """{"ip":"2001:db8::1"}""", false)]
    [InlineData("""{"ip":[{"cidr":"172.16.0.0/12"}]}""", """{"ip":"172.31.255.1"}""", true)]
    [InlineData("""{"ip":[{"cidr":"172.16.0.0/12"}]}""", """{"ip":"172.32.0.1"}""", false)]
    [InlineData("""{"ip":[{"cidr":"2001:db8::/32"}]}""", """{"ip":"2001:db8:ffff::1"}""", true)]
    [InlineData("""{"ip":[{"cidr":"2001:db8::/32"}]}""", """{"ip":"2001:db9::1"}""", false)]
    [InlineData("""{"ip":[{"cidr":"::/0"}]}""", """{"ip":"fe80::1"}""", true)]
    [InlineData("""{"ip":[{"cidr":"10.0.0.0/8"}]}""", """{"ip":"not-an-ip"}""", false)]
    [InlineData("""{"ip":[{"cidr":"10.0.0.0/8"}]}""", """{"ip":10}""", false)]
    [InlineData("""{"ip":[{"cidr":"0.0.0.0/8"}]}""", """{"ip":"10"}""", false)]
    [InlineData("""{"ip":[{"cidr":"10.0.0.0/8"}]}""", """{"ip":"10.1"}""", false)]
    public void Matches_Cidr(string pattern, string @event, bool expected) =>
        PatternCase.AssertMatch(pattern, @event, expected);
}
