namespace NinNotebooks.Modules;

/// <summary>One inception row of the GoogLeNet paper's Table 1 (its column names are the parameter names).</summary>
/// <param name="Name">The paper's name, e.g. "3a".</param>
/// <param name="InChannels">Input channels.</param>
/// <param name="Ch1x1">"#1×1".</param>
/// <param name="Ch3x3Reduce">"#3×3 reduce".</param>
/// <param name="Ch3x3">"#3×3".</param>
/// <param name="Ch5x5Reduce">"#5×5 reduce".</param>
/// <param name="Ch5x5">"#5×5".</param>
/// <param name="PoolProj">"pool proj".</param>
public sealed record InceptionSpec(string Name, int InChannels, int Ch1x1, int Ch3x3Reduce, int Ch3x3, int Ch5x5Reduce, int Ch5x5, int PoolProj)
{
    /// <summary>Output channels: Ch1x1 + Ch3x3 + Ch5x5 + PoolProj.</summary>
    public int OutChannels => Ch1x1 + Ch3x3 + Ch5x5 + PoolProj;

    /// <summary>Builds the block this row describes.</summary>
    public InceptionBlock Create() => new(InChannels, Ch1x1, Ch3x3Reduce, Ch3x3, Ch5x5Reduce, Ch5x5, PoolProj);
}
