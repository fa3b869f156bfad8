using static TorchSharp.torch;

namespace NinNotebooks.Data;

/// <summary>
/// Images and labels as they were read from disk, before they become tensors: fixed-size records in one
/// buffer (<see cref="RecordBytes"/> each, the pixels starting at <see cref="PixelOffset"/>) and the labels.
/// </summary>
internal sealed record RawImages(byte[] Buffer, int Count, int RecordBytes, int PixelOffset, long[] Shape, long[] Labels)
{
    /// <summary>One uint8 tensor Count×C×H×W and one int64 label tensor, built with whole-buffer tensor operations.</summary>
    public (Tensor Images, Tensor Labels) ToTensors()
    {
        using var scope = NewDisposeScope();
        // A view of the buffer (no copy); the one copy is the contiguous() that drops the label bytes.
        var records = frombuffer(Buffer, ScalarType.Byte, (long)Count * RecordBytes).view(Count, RecordBytes);
        var images = records.narrow(1, PixelOffset, RecordBytes - PixelOffset).reshape(Shape).contiguous();
        var labels = tensor(Labels, [Count]);
        return (images.MoveToOuterDisposeScope(), labels.MoveToOuterDisposeScope());
    }
}
