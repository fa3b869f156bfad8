using NinNotebooks.Notebooks;
using Xunit;

namespace NinNotebooks.Tests.Notebooks;

public class PackageReferenceTests
{
    [Fact]
    public void ForTorchBackend_Cuda_SwapsOnlyTheCpuBuildOfTorchSharp()
    {
        Assert.Equal(new PackageReference("TorchSharp-cuda-linux", "0.107.0"), new PackageReference("TorchSharp-cpu", "0.107.0").ForTorchBackend("cuda"));
        Assert.Equal(new PackageReference("TorchSharp-cuda-linux", null), new PackageReference("torchsharp-CPU", null).ForTorchBackend("cuda"));
        Assert.Equal(new PackageReference("TorchSharp", "0.107.0"), new PackageReference("TorchSharp", "0.107.0").ForTorchBackend("cuda"));
        Assert.Equal(new PackageReference("Plotly.NET", "6.0.0"), new PackageReference("Plotly.NET", "6.0.0").ForTorchBackend("cuda"));
        Assert.Equal(new PackageReference("TorchSharp-cpu", "0.107.0"), new PackageReference("TorchSharp-cpu", "0.107.0").ForTorchBackend("cpu"));
    }
}
