using System.Text;
using System.Text.Json;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NinNotebooks.Training;

/// <summary>
/// A training checkpoint in one file: a header (configuration, completed epochs, history, as JSON), the model's
/// parameters and buffers, and the optimizer's state (e.g. SGD momentum). It is written to a temporary file and then
/// renamed over the old one, so a crash never leaves a half-written checkpoint.
/// </summary>
public static class Checkpoint
{
    private static readonly byte[] Magic = "NINCKPT1"u8.ToArray();

    /// <summary>What a checkpoint records besides the tensors.</summary>
    /// <param name="Config">The run's configuration.</param>
    /// <param name="CompletedEpochs">Epochs finished when it was written.</param>
    /// <param name="History">The history up to then.</param>
    public sealed record Header(TrainingConfig Config, int CompletedEpochs, TrainingHistory History);

    /// <summary>Writes a checkpoint atomically to <paramref name="path"/>.</summary>
    public static void Save(string path, Header header, nn.Module model, OptimizerHelper optimizer)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        AtomicFile.Write(path, stream =>
        {
            using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
            writer.Write(Magic);
            writer.Write(JsonSerializer.Serialize(new StoredHeader(header.Config.ToJson(), header.CompletedEpochs, header.History.ToJson())));
            model.save(writer);
            optimizer.save_state_dict(writer);
        });
    }

    /// <summary>Reads only the header of the checkpoint at <paramref name="path"/>.</summary>
    public static Header ReadHeader(string path)
    {
        using var reader = Open(path);
        return ReadHeader(reader, path);
    }

    /// <summary>Loads the checkpoint at <paramref name="path"/> into <paramref name="model"/> and <paramref name="optimizer"/>.</summary>
    /// <exception cref="InvalidDataException">Not a checkpoint, damaged, or made for a different model.</exception>
    public static Header Load(string path, nn.Module model, OptimizerHelper optimizer)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        using var reader = Open(path);
        var header = ReadHeader(reader, path);
        try
        {
            model.load(reader, strict: true);
            optimizer.load_state_dict(reader);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or EndOfStreamException or IOException)
        {
            throw new InvalidDataException($"{path}: the checkpoint does not fit this model and optimizer ({ErrorText.Of(e)}).", e);
        }

        return header;
    }

    private static BinaryReader Open(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: checkpoint not found.", path);
        }

        return new BinaryReader(File.OpenRead(path), Encoding.UTF8);
    }

    private static Header ReadHeader(BinaryReader reader, string path)
    {
        try
        {
            if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
            {
                throw new InvalidDataException($"{path}: not a NinNotebooks checkpoint (it does not start with NINCKPT1).");
            }

            var stored = JsonSerializer.Deserialize<StoredHeader>(reader.ReadString())
                ?? throw new InvalidDataException($"{path}: the checkpoint header is empty.");
            return new Header(TrainingConfig.FromJson(stored.Config), stored.CompletedEpochs, TrainingHistory.FromJson(stored.History));
        }
        catch (Exception e) when (e is EndOfStreamException or JsonException)
        {
            throw new InvalidDataException($"{path}: the checkpoint header is damaged ({e.Message}).", e);
        }
    }

    private sealed record StoredHeader(string Config, int CompletedEpochs, string History);
}
