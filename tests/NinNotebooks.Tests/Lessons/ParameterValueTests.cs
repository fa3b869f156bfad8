using NinNotebooks.Lessons;
using Xunit;

namespace NinNotebooks.Tests.Lessons;

/// <summary>How a lesson app fits a command-line value to the type of the notebook's default.</summary>
public class ParameterValueTests
{
    [Theory]
    [InlineData(typeof(int), "3", 3)]
    [InlineData(typeof(long), "3", 3L)]
    [InlineData(typeof(double), "3", 3d)]
    [InlineData(typeof(double), "4000000000", 4e9)]
    [InlineData(typeof(double), "0.5", 0.5)]
    [InlineData(typeof(bool), "True", true)]
    [InlineData(typeof(string), "300", "300")]
    [InlineData(typeof(string), " 7 ", " 7 ")]
    [InlineData(typeof(object), "7", 7)]
    public void ConvertTo_WidensNumbers_AndAStringTakesTheTextAsWritten(Type type, string text, object expected)
    {
        Assert.Equal(expected, ParameterValue.ConvertTo(type, ParameterValue.Parse("p", text), text));
    }

    [Theory]
    [InlineData(typeof(int), "many")]
    [InlineData(typeof(int), "4000000000")]
    [InlineData(typeof(int), "0.5")]
    [InlineData(typeof(long), "0.5")]
    [InlineData(typeof(bool), "1")]
    [InlineData(typeof(double), "yes")]
    public void ConvertTo_RefusesAValueThatDoesNotFit(Type type, string text)
    {
        Assert.Null(ParameterValue.ConvertTo(type, ParameterValue.Parse("p", text), text));
    }

    [Theory]
    [InlineData("@class=1", "class", "1")]
    [InlineData(" epochs =2=3", "epochs", "2=3")]
    [InlineData("=1", null, null)]
    [InlineData("novalue", null, null)]
    public void Split_TakesTheNameBeforeTheFirstEquals_WithoutCSharpsAt(string assignment, string? name, string? text)
    {
        Assert.Equal(name is null ? null : (name, text!), ParameterValue.Split(assignment));
    }
}
