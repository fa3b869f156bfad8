namespace NinNotebooks.Training;

/// <summary>Saving and resuming a run: checkpoints of the trainer's state, and the run folder (TrainerCheckpoints) written after each epoch.</summary>
public sealed partial class Trainer
{
    /// <summary>Writes a checkpoint of the current state (model, optimizer, epoch, history, configuration).</summary>
    public void SaveCheckpoint(string path) =>
        Checkpoint.Save(path, new Checkpoint.Header(Config, CompletedEpochs, History), _model, _optimizer.Optimizer);

    /// <summary>
    /// Restores the state saved by <see cref="SaveCheckpoint"/>; training then continues exactly where it stopped. The
    /// checkpoint must come from a run with the same settings and data, as <see cref="ResumeRules"/> says.
    /// </summary>
    /// <exception cref="InvalidDataException">The checkpoint is damaged, or was made with other settings or on other data (the message lists them).</exception>
    public void LoadCheckpoint(string path)
    {
        ResumeRules.Check(path, Checkpoint.ReadHeader(path).Config, Config);
        var header = Checkpoint.Load(path, _model, _optimizer.Optimizer);
        CompletedEpochs = header.CompletedEpochs;
        History = header.History;
        BatchLosses = [];
    }

    /// <summary>
    /// After <see cref="LoadCheckpoint"/> of the run's last checkpoint, makes the run folder whole again, as if the writes
    /// after that epoch had all finished: history and configuration rewritten, the best checkpoint rebuilt where it can be.
    /// </summary>
    /// <returns>What was repaired, one line each (empty when the folder was whole).</returns>
    public IReadOnlyList<string> RepairRunFolder() =>
        _files?.Repair(new Checkpoint.Header(Config, CompletedEpochs, History)) ?? [];

    private string Advice => "Try a lower learning rate (LearningRate) or some warm-up (WarmupEpochs)." +
        (RunDirectory is null ? "" : $" The last good checkpoint is {RunFolder.LastCheckpointOf(RunDirectory)} (if an epoch had finished).");

    private void SaveRun(EpochRecord record) =>
        _files?.SaveEpoch(new Checkpoint.Header(Config, CompletedEpochs, History), _model, _optimizer.Optimizer, isBest: History.Best == record);
}
