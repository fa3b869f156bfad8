using NinNotebooks;
using NinNotebooks.Notebooks;
using NinNotebooks.Platform;

ChildProgram.WatchParent();
return NotebooksApp.Run(args, Console.Out, Console.Error);
