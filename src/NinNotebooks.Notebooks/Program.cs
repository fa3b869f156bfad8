using NinNotebooks;
using NinNotebooks.Notebooks;

ChildProgram.WatchParent();
return NotebooksApp.Run(args, Console.Out, Console.Error);
