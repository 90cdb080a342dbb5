// Which environment to connect to (the relay's list, production marked), and the warning production deserves.
import {
  Badge,
  Dropdown,
  Field,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Option,
  tokens,
} from "@fluentui/react-components";
import type { Environment } from "../../core/api";

const useStyles = makeStyles({
  option: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "center" },
  // Fluent's Dropdown keeps 250 px by default, more than a 320 px pane leaves inside a card.
  control: { minWidth: 0, width: "100%" },
});

export interface EnvironmentFieldProps {
  envs?: Environment[];
  /** Why the list could not be loaded. */
  envProblem?: string;
  /** What is wrong with the choice (none made). */
  problem?: string;
  /** The chosen environment's id ("" for none). */
  environment: string;
  onSelect: (id: string) => void;
  /** Connected or signed in: the environment stays as it is until Disconnect / Sign out. */
  connected: boolean;
}

export function EnvironmentField(props: EnvironmentFieldProps) {
  const { envs, envProblem, environment, connected } = props;
  const styles = useStyles();
  const selected = envs?.find((e) => e.id === environment);
  return (
    <>
      <Field label="Environment" validationMessage={props.problem ?? envProblem} required>
        <Dropdown
          className={styles.control}
          placeholder={envProblem ? "No environments" : envs ? "Choose an environment" : "Loading environments…"}
          value={selected ? selected.label + (selected.production ? " (production)" : "") : ""}
          selectedOptions={environment ? [environment] : []}
          onOptionSelect={(_, data) => props.onSelect(data.optionValue ?? "")}
          disabled={connected}
        >
          {envs?.map((env) => (
            <Option key={env.id} value={env.id} text={env.label}>
              <span className={styles.option}>
                {env.label}
                {env.production && (
                  <Badge color="danger" appearance="filled" size="small">
                    Production
                  </Badge>
                )}
              </span>
            </Option>
          ))}
        </Dropdown>
      </Field>
      {selected?.production && !connected && (
        <MessageBar intent="warning">
          <MessageBarBody>
            Production: live Kalibrate data. Reports record which environment they came from.
          </MessageBarBody>
        </MessageBar>
      )}
    </>
  );
}
