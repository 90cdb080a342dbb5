// Report definitions in the workbook's document settings (saved with the file, read by anyone who has it: the
// definitions hold no secret).
import type { DefinitionStorage } from "../../reports/store";

export const settingsStorage: DefinitionStorage = {
  async entries(prefix) {
    return Excel.run(async (context) => {
      const settings = context.workbook.settings;
      settings.load("items/key,items/value");
      await context.sync();
      return settings.items.filter((s) => s.key.startsWith(prefix)).map((s) => ({ key: s.key, value: s.value }));
    });
  },
  async put(key, value) {
    await Excel.run(async (context) => {
      context.workbook.settings.add(key, value);
      await context.sync();
    });
  },
  async remove(key) {
    await Excel.run(async (context) => {
      const setting = context.workbook.settings.getItemOrNullObject(key);
      setting.load("key");
      await context.sync();
      if (setting.isNullObject) return;
      setting.delete();
      await context.sync();
    });
  },
};
