using TorchSharp.Modules;
using static TorchSharp.torch;
using NinNotebooks.Platform;

namespace NinNotebooks.Training;

/// <summary>
/// A <see cref="Trainer"/>'s writes into its run folder: after every epoch the last checkpoint, the best one (by test
/// accuracy), the history and the configuration; and, on resume, the repair of a folder whose writes were cut short.
/// File names and paths are <see cref="RunFolder"/>'s.
/// </summary>
internal sealed class TrainerCheckpoints(string directory)
{
    /// <summary>The run folder (full path).</summary>
    public string Directory { get; } = directory;

    private string Last => RunFolder.LastCheckpointOf(Directory);

    private string Best => RunFolder.BestCheckpointOf(Directory);

    /// <summary>Writes the epoch's files: the checkpoint of <paramref name="header"/>'s state, best.ckpt when it is the best, history and configuration.</summary>
    public void SaveEpoch(Checkpoint.Header header, nn.Module model, OptimizerHelper optimizer, bool isBest)
    {
        System.IO.Directory.CreateDirectory(Directory);
        Checkpoint.Save(Last, header, model, optimizer);
        if (isBest)
        {
            using var last = File.OpenRead(Last);
            AtomicFile.Write(Best, last.CopyTo);
        }

        AtomicFile.WriteAllText(Path.Combine(Directory, RunFolder.HistoryJsonName), header.History.ToJson());
        AtomicFile.WriteAllText(Path.Combine(Directory, RunFolder.HistoryCsvName), header.History.ToCsv());
        AtomicFile.WriteAllText(Path.Combine(Directory, RunFolder.ConfigName), header.Config.ToJson());
    }

    /// <summary>
    /// Makes the folder whole again after its last checkpoint was loaded (<paramref name="state"/>), as if the writes after
    /// the checkpoint's epoch had all finished: see <see cref="Trainer.RepairRunFolder"/>.
    /// </summary>
    public IReadOnlyList<string> Repair(Checkpoint.Header state)
    {
        if (!File.Exists(Last))
        {
            return [];
        }

        var repaired = new List<string>();
        if (state.History.Best is { } bestEpoch && !Holds(Best, bestEpoch.Epoch))
        {
            if (bestEpoch.Epoch == state.CompletedEpochs)
            {
                using var last = File.OpenRead(Last);
                AtomicFile.Write(Best, last.CopyTo);
                repaired.Add($"{RunFolder.BestCheckpointName}: rewritten from {RunFolder.LastCheckpointName} (epoch {bestEpoch.Epoch} is the best so far)");
            }
            else
            {
                repaired.Add($"{RunFolder.BestCheckpointName}: missing or damaged, and epoch {bestEpoch.Epoch}'s weights are not kept anywhere else; it is written again when an epoch beats {TrainingReport.Percent(bestEpoch.TestAccuracy)}");
            }
        }

        Rewrite(RunFolder.HistoryJsonName, state.History.ToJson(), reportChange: true);
        Rewrite(RunFolder.HistoryCsvName, state.History.ToCsv(), reportChange: true);
        Rewrite(RunFolder.ConfigName, state.Config.ToJson(), reportChange: false);   // changes when the epochs do: not a repair
        return repaired;

        void Rewrite(string name, string text, bool reportChange)
        {
            var path = Path.Combine(Directory, name);
            var missing = !File.Exists(path);
            if (missing || File.ReadAllText(path) != text)
            {
                AtomicFile.WriteAllText(path, text);
                if (missing || reportChange)
                {
                    repaired.Add($"{name}: {(missing ? "missing" : "out of date")}, rewritten from the checkpoint");
                }
            }
        }

        static bool Holds(string path, int epoch)
        {
            try
            {
                return File.Exists(path) && Checkpoint.ReadHeader(path).CompletedEpochs == epoch;
            }
            catch (InvalidDataException)
            {
                return false;
            }
        }
    }
}
