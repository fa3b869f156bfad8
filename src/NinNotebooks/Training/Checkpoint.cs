using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using TorchSharp.Modules;
using static TorchSharp.torch;
using NinNotebooks.Platform;

namespace NinNotebooks.Training;

/// <summary>
/// A training checkpoint in one file: a header (configuration, completed epochs, history, as JSON), the model's
/// parameters and buffers, the optimizer's state (e.g. SGD momentum), and a SHA-256 checksum of all of it. It is
/// written to a temporary file and then renamed over the old one, so a crash never leaves a half-written checkpoint,
/// and every read checks the checksum first, so a file changed on disk is reported instead of silently resumed.
/// </summary>
/// <remarks>
/// Layout: <c>NINCKPT2</c>, the header (a length-prefixed UTF-8 string), the model, the optimizer, then the 32-byte
/// SHA-256 of everything before it. Files of the first format (<c>NINCKPT1</c>, no checksum) are still read.
/// </remarks>
public static class Checkpoint
{
    private static readonly byte[] Magic = "NINCKPT2"u8.ToArray();
    private static readonly byte[] MagicWithoutChecksum = "NINCKPT1"u8.ToArray();
    private const int ChecksumBytes = SHA256.HashSizeInBytes;

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
            using var sha = SHA256.Create();
            using (var hashing = new CryptoStream(stream, sha, CryptoStreamMode.Write, leaveOpen: true))
            using (var writer = new BinaryWriter(hashing, Encoding.UTF8, leaveOpen: true))
            {
                writer.Write(Magic);
                writer.Write(JsonSerializer.Serialize(new StoredHeader(header.Config.ToJson(), header.CompletedEpochs, header.History.ToJson())));
                model.save(writer);
                optimizer.save_state_dict(writer);
            }

            stream.Write(sha.Hash!);
        });
    }

    /// <summary>Reads only the header of the checkpoint at <paramref name="path"/>, after checking the whole file's checksum.</summary>
    /// <exception cref="InvalidDataException">Not a checkpoint, or damaged (the message names the file).</exception>
    public static Header ReadHeader(string path)
    {
        using var reader = Open(path);
        return ReadHeader(reader, path);
    }

    /// <summary>True when <paramref name="path"/> is a checkpoint whose checksum matches; false when missing or damaged.</summary>
    public static bool IsIntact(string path)
    {
        try
        {
            ReadHeader(path);
            return true;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            return false;
        }
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

    /// <summary>Opens the file, checks its checksum (for the current format), and leaves the reader just after the magic.</summary>
    private static BinaryReader Open(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: checkpoint not found.", path);
        }

        var reader = new BinaryReader(File.OpenRead(path), Encoding.UTF8);
        try
        {
            var magic = reader.ReadBytes(Magic.Length);
            if (magic.AsSpan().SequenceEqual(MagicWithoutChecksum))
            {
                return reader;
            }

            if (!magic.AsSpan().SequenceEqual(Magic))
            {
                throw new InvalidDataException($"{path}: not a NinNotebooks checkpoint (it does not start with NINCKPT2 or NINCKPT1).");
            }

            Verify(reader.BaseStream, path);
            reader.BaseStream.Position = Magic.Length;
            return reader;
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    /// <summary>Compares the SHA-256 of everything before the last 32 bytes with those bytes.</summary>
    private static void Verify(Stream stream, string path)
    {
        var length = stream.Length;
        if (length < Magic.Length + ChecksumBytes)
        {
            throw new InvalidDataException($"{path}: the checkpoint is damaged: it is {length} bytes long, too short to hold its SHA-256 checksum.");
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        stream.Position = 0;
        var buffer = new byte[1 << 20];
        for (var left = length - ChecksumBytes; left > 0;)
        {
            var read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
            if (read == 0)
            {
                throw new EndOfStreamException();
            }

            hash.AppendData(buffer, 0, read);
            left -= read;
        }

        var stored = new byte[ChecksumBytes];
        stream.ReadExactly(stored);
        if (!CryptographicOperations.FixedTimeEquals(stored, hash.GetHashAndReset()))
        {
            throw new InvalidDataException(
                $"{path}: the checkpoint is damaged: its SHA-256 checksum does not match its contents (the file was changed or cut short after it was written).");
        }
    }

    private static Header ReadHeader(BinaryReader reader, string path)
    {
        try
        {
            var stored = JsonSerializer.Deserialize<StoredHeader>(reader.ReadString())
                ?? throw new InvalidDataException($"{path}: the checkpoint header is empty.");
            return new Header(TrainingConfig.FromJson(stored.Config), stored.CompletedEpochs, TrainingHistory.FromJson(stored.History));
        }
        catch (Exception e) when (e is EndOfStreamException or JsonException or ArgumentNullException)
        {
            throw new InvalidDataException($"{path}: the checkpoint header is damaged ({e.Message}).", e);
        }
    }

    private sealed record StoredHeader(string Config, int CompletedEpochs, string History);
}
