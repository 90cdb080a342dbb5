import { Image, makeStyles, Subtitle1, tokens } from "@fluentui/react-components";

const useStyles = makeStyles({
  header: {
    display: "flex",
    alignItems: "center",
    gap: tokens.spacingHorizontalM,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL}`,
    backgroundColor: tokens.colorNeutralBackground1,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
});

export function Header() {
  const styles = useStyles();
  return (
    <header className={styles.header}>
      <Image src="assets/icon-32.png" alt="" width={24} height={24} />
      <Subtitle1 as="h1">Kalibrate</Subtitle1>
    </header>
  );
}
