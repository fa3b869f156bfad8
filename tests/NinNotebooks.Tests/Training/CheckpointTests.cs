using System.Text;
using System.Text.Json;
using NinNotebooks.Training;
using static TorchSharp.torch;

namespace NinNotebooks.Tests.Training;

public class CheckpointTests
{
    [Fact]
    public void SaveThenLoad_RestoresParametersOptimizerStateAndHeader()
    {
        using var dir = new TemporaryDirectory();
        using var model = TinySetup.Model();
        using var optimizer = optim.SGD(model.parameters(), 0.1, momentum: 0.9);
        using (var scope = NewDisposeScope())
        {
            model.forward(rand(4, 3, 32, 32)).sum().backward();
            optimizer.step();
        }

        var history = new TrainingHistory("x", false);
        history.Epochs.Add(new EpochRecord(1, 1, 0.5, 1, 0.5, 0.1, 1, 1));
        Checkpoint.Save(dir.File("a.ckpt"), new Checkpoint.Header(TinySetup.Training(), 1, history), model, optimizer);

        using var copy = TinySetup.Model();
        using var copyOptimizer = optim.SGD(copy.parameters(), 0.1, momentum: 0.9);
        var header = Checkpoint.Load(dir.File("a.ckpt"), copy, copyOptimizer);

        Assert.Equal(1, header.CompletedEpochs);
        Assert.Equal(history.Epochs, header.History.Epochs);
        foreach (var (a, b) in model.parameters().Zip(copy.parameters()))
        {
            Assert.True(a.equal(b).all().item<bool>());
        }

        // Same momentum buffers: one more identical step (dropout off) keeps the two models identical.
        model.eval();
        copy.eval();
        using (var scope = NewDisposeScope())
        {
            var input = rand(4, 3, 32, 32);
            optimizer.zero_grad();
            copyOptimizer.zero_grad();
            model.forward(input).sum().backward();
            copy.forward(input).sum().backward();
            optimizer.step();
            copyOptimizer.step();
            Assert.All(model.parameters().Zip(copy.parameters()), p => Assert.True(p.First.allclose(p.Second)));
        }

        Assert.Equal(["a.ckpt"], Directory.EnumerateFiles(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Load_NotACheckpoint_IsAClearError()
    {
        using var dir = new TemporaryDirectory();
        File.WriteAllText(dir.File("x.ckpt"), "hello");
        using var model = TinySetup.Model();
        using var optimizer = optim.SGD(model.parameters(), 0.1);

        var error = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(dir.File("x.ckpt"), model, optimizer));

        Assert.Contains("not a NinNotebooks checkpoint", error.Message);
    }

    [Fact]
    public void Load_IntoADifferentModel_IsAClearError()
    {
        using var dir = new TemporaryDirectory();
        using var model = TinySetup.Model();
        using var optimizer = optim.SGD(model.parameters(), 0.1);
        Checkpoint.Save(dir.File("a.ckpt"), new Checkpoint.Header(TinySetup.Training(), 1, new TrainingHistory("x", false)), model, optimizer);
        using var other = new NinNotebooks.Modules.NiN(NinNotebooks.Modules.NinConfig.Cifar10);
        using var otherOptimizer = optim.SGD(other.parameters(), 0.1);

        var error = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(dir.File("a.ckpt"), other, otherOptimizer));

        Assert.Contains("does not fit this model", error.Message);
    }

    [Fact]
    public void Load_MissingFile_NamesIt()
    {
        using var model = TinySetup.Model();
        using var optimizer = optim.SGD(model.parameters(), 0.1);

        var error = Assert.Throws<FileNotFoundException>(() => Checkpoint.Load("/nonexistent/last.ckpt", model, optimizer));

        Assert.Contains("/nonexistent/last.ckpt: checkpoint not found", error.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void BytesChangedInsideTheTensorData_AreDetected_NamingTheFile(bool random)
    {
        using var dir = new TemporaryDirectory();
        using var model = TinySetup.Model();
        using var optimizer = optim.SGD(model.parameters(), 0.1, momentum: 0.9);
        var path = dir.File("last.ckpt");
        Checkpoint.Save(path, new Checkpoint.Header(TinySetup.Training(), 1, new TrainingHistory("x", false)), model, optimizer);

        // As `dd conv=notrunc` would: overwrite 4 KiB in the middle of the file (inside the parameters), keep its length.
        var bytes = File.ReadAllBytes(path);
        var length = bytes.Length;
        var damage = new byte[4096];
        if (random)
        {
            new Random(3).NextBytes(damage);
        }

        damage.CopyTo(bytes, bytes.Length / 2);
        File.WriteAllBytes(path, bytes);
        Assert.Equal(length, new FileInfo(path).Length);

        using var copy = TinySetup.Model();
        using var copyOptimizer = optim.SGD(copy.parameters(), 0.1, momentum: 0.9);
        var load = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(path, copy, copyOptimizer));
        var header = Assert.Throws<InvalidDataException>(() => Checkpoint.ReadHeader(path));

        foreach (var error in new[] { load, header })
        {
            Assert.StartsWith($"{path}: the checkpoint is damaged", error.Message, StringComparison.Ordinal);
            Assert.Contains("SHA-256", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ATruncatedCheckpoint_IsDetected()
    {
        using var dir = new TemporaryDirectory();
        using var model = TinySetup.Model();
        using var optimizer = optim.SGD(model.parameters(), 0.1);
        var path = dir.File("last.ckpt");
        Checkpoint.Save(path, new Checkpoint.Header(TinySetup.Training(), 1, new TrainingHistory("x", false)), model, optimizer);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length - 100)]);

        var error = Assert.Throws<InvalidDataException>(() => Checkpoint.ReadHeader(path));

        Assert.StartsWith($"{path}: the checkpoint is damaged", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ACheckpointInTheFirstFormat_WithoutAChecksum_StillLoads()
    {
        using var dir = new TemporaryDirectory();
        using var model = TinySetup.Model();
        using var optimizer = optim.SGD(model.parameters(), 0.1, momentum: 0.9);
        var history = new TrainingHistory("x", false);
        history.Epochs.Add(new EpochRecord(1, 1, 0.5, 1, 0.5, 0.1, 1, 1));

        // The layout NINCKPT1 files have: magic, header JSON, model, optimizer; no checksum.
        var path = dir.File("old.ckpt");
        using (var stream = File.Create(path))
        using (var writer = new BinaryWriter(stream, Encoding.UTF8))
        {
            writer.Write("NINCKPT1"u8.ToArray());
            writer.Write(JsonSerializer.Serialize(new { Config = TinySetup.Training().ToJson(), CompletedEpochs = 1, History = history.ToJson() }));
            model.save(writer);
            optimizer.save_state_dict(writer);
        }

        using var copy = TinySetup.Model();
        using var copyOptimizer = optim.SGD(copy.parameters(), 0.1, momentum: 0.9);
        var header = Checkpoint.Load(path, copy, copyOptimizer);

        Assert.Equal(1, header.CompletedEpochs);
        Assert.Equal(history.Epochs, header.History.Epochs);
        Assert.All(model.parameters().Zip(copy.parameters()), p => Assert.True(p.First.equal(p.Second).all().item<bool>()));
    }
}
