# [RagnaTest.DelayedChange]::Set(target, key, value, delayMs): sets target[key] = value after delayMs on a background
# thread, while the cmdlet under test is waiting (an address that appears later). Dot-source it in BeforeAll.
if (-not ('RagnaTest.DelayedChange' -as [type])) {
    Add-Type -TypeDefinition @'
namespace RagnaTest
{
    public static class DelayedChange
    {
        public static void Set(System.Collections.IDictionary target, string key, object value, int delayMs)
        {
            var thread = new System.Threading.Thread(() => { System.Threading.Thread.Sleep(delayMs); lock (target.SyncRoot) { target[key] = value; } });
            thread.IsBackground = true;
            thread.Start();
        }
    }
}
'@
}
