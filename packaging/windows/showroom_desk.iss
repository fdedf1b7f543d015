; Inno Setup 6 script for Showroom Desk (展厅顾问台) on 64-bit Windows 10 (1809+) and 11.
;
; Build the app first (on Windows, with the windowed ShowroomDesk.exe in the spec), then:
;   .venv\Scripts\python packaging\build.py
;   iscc /DAppVersion=0.1.0 packaging\windows\showroom_desk.iss
; which writes dist\ShowroomDesk-Setup-0.1.0-x64.exe. /DBuildDir=... takes the app folder from
; elsewhere. Needs Inno Setup 6.5 or later (x64os, official Chinese messages).
;
; What the installer does (the manager guide explains it for managers):
; - installs the one-folder build into Program Files (for all users; /CURRENTUSER installs
;   into the user's own programs folder without administrator rights);
; - a Start-menu shortcut, an optional desktop shortcut, and the optional "showroom screen PC"
;   task: a Startup-folder shortcut that starts ShowroomDesk.exe --kiosk at every sign-in;
; - writes {app}\deployment.toml from /SERVER= /SHOWROOM= /LANG= /CHANNEL= or from the
;   "Showroom settings" page (consultant_app/deployment.py reads it); given nothing, an
;   existing deployment.toml is left as it is, so installing over an old version keeps it;
; - uninstalling removes the program and deployment.toml but keeps the customers' data in
;   %LOCALAPPDATA%\ShowroomDesk unless the user answers Yes to removing it (or /REMOVEDATA).
; This file is UTF-8 with a byte-order mark: Inno Setup before 6.3 needs the mark to read it.

#if Ver < EncodeVer(6, 5, 0)
  #error Inno Setup 6.5 or later is needed
#endif
#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=0.1.0 packaging\windows\showroom_desk.iss
#endif
#ifndef BuildDir
  #define BuildDir SourcePath + "..\..\dist\showroom-desk"
#endif
; The windowed program for people, and the console one for --self-test and --version
; (packaging/showroom_desk.spec builds both on Windows).
#define AppExeName "ShowroomDesk.exe"
#define ConsoleExeName "showroom-desk.exe"
#if !FileExists(BuildDir + "\" + AppExeName) || !FileExists(BuildDir + "\" + ConsoleExeName)
  #error ShowroomDesk.exe or showroom-desk.exe is missing from the build folder: run packaging\build.py first
#endif
; Simplified Chinese messages: official from Inno Setup 6.5; a copy beside this script wins.
#if FileExists(SourcePath + "ChineseSimplified.isl")
  #define ChineseMessages SourcePath + "ChineseSimplified.isl"
#elif FileExists(CompilerPath + "Languages\ChineseSimplified.isl")
  #define ChineseMessages "compiler:Languages\ChineseSimplified.isl"
#else
  #error ChineseSimplified.isl not found: update Inno Setup or put the file beside this script
#endif

[Setup]
; Never change the AppId: Windows finds the installed copy (to update or remove it) by it.
AppId={{6F0C9A52-3B7E-4C1D-9E58-2D4A7B1C8E36}
AppName=Showroom Desk
AppVersion={#AppVersion}
AppVerName=Showroom Desk {#AppVersion}
AppPublisher=Showroom Desk
DefaultDirName={autopf}\ShowroomDesk
DisableProgramGroupPage=yes
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=commandline
; x64 Windows only: Qt and Python here are x64 builds, untested under emulation on Arm.
ArchitecturesAllowed=x64os
ArchitecturesInstallIn64BitMode=x64os
MinVersion=10.0.17763
OutputDir={#BuildDir}\..
OutputBaseFilename=ShowroomDesk-Setup-{#AppVersion}-x64
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=auto
SetupLogging=yes
UninstallDisplayName=Showroom Desk 展厅顾问台
UninstallDisplayIcon={app}\{#AppExeName}
SetupIconFile={#SourcePath}..\..\resources\icons\showroom-desk.ico
CloseApplications=yes
RestartApplications=no

[Languages]
; The names are the app's language codes, so /LANG=zh_CN or /LANG=en picks the installer's
; language and, written to deployment.toml, the app's default language.
Name: "zh_CN"; MessagesFile: "{#ChineseMessages}"
Name: "en"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
zh_CN.AppShortName=展厅顾问台
en.AppShortName=Showroom Desk
zh_CN.LaunchApp=运行 展厅顾问台
en.LaunchApp=Start Showroom Desk
zh_CN.ScreenGroup=展厅大屏电脑：
en.ScreenGroup=Showroom screen PC:
zh_CN.KioskTask=登录 Windows 后自动以大屏模式启动（--kiosk）
en.KioskTask=Start in screen mode (--kiosk) whenever someone signs in to Windows
zh_CN.ScreenShortcut=展厅顾问台 大屏
en.ScreenShortcut=Showroom Desk screen
zh_CN.SettingsTitle=展厅设置
en.SettingsTitle=Showroom settings
zh_CN.SettingsSubtitle=本电脑上所有顾问共用的设置
en.SettingsSubtitle=Settings shared by every consultant on this PC
zh_CN.SettingsDescription=填写总部服务器地址和展厅名称。留空则保留现有设置（升级时）或使用默认设置。
en.SettingsDescription=Enter the central server's address and the showroom's name. Leave them empty to keep the current settings (when updating) or use the defaults.
zh_CN.SettingsServer=服务器地址（https://…）：
en.SettingsServer=Server address (https://…):
zh_CN.SettingsShowroom=展厅名称：
en.SettingsShowroom=Showroom name:
zh_CN.BadServer=服务器地址必须以 https:// 或 http:// 开头，例如 https://crm.example.cn
en.BadServer=The server address must start with https:// or http://, for example https://crm.example.cn
zh_CN.BadLanguage=/LANG= 只能是 zh_CN 或 en。
en.BadLanguage=/LANG= must be zh_CN or en.
zh_CN.BadChannel=/CHANNEL= 只能是 stable 或 beta。
en.BadChannel=/CHANNEL= must be stable or beta.
zh_CN.WriteFailed=无法写入 %1。展厅顾问台将使用默认设置。
en.WriteFailed=%1 could not be written. Showroom Desk will use its default settings.
zh_CN.RemoveDataQuestion=是否同时删除本电脑上本用户的客户数据、备份和日志？%n%n%1%n%n尚未同步到服务器的更改将永久丢失。选择“否”则保留数据，重新安装后可继续使用。
en.RemoveDataQuestion=Also delete this user's customer data, backups and logs on this PC?%n%n%1%n%nChanges not yet synced to the server will be lost for good. Choose No to keep the data for a later installation.

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "kiosk"; Description: "{cm:KioskTask}"; GroupDescription: "{cm:ScreenGroup}"; Flags: unchecked

[InstallDelete]
; An update replaces the old build's libraries entirely, so no stale module outlives it.
Type: filesandordirs; Name: "{app}\_internal"
; Shortcuts of tasks that were ticked last time and are not now.
Type: files; Name: "{autodesktop}\{cm:AppShortName}.lnk"; Tasks: not desktopicon
Type: files; Name: "{autostartup}\{cm:ScreenShortcut}.lnk"; Tasks: not kiosk

[Files]
Source: "{#BuildDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{cm:AppShortName}"; Filename: "{app}\{#AppExeName}"
Name: "{autodesktop}\{cm:AppShortName}"; Filename: "{app}\{#AppExeName}"; Tasks: desktopicon
Name: "{autostartup}\{cm:ScreenShortcut}"; Filename: "{app}\{#AppExeName}"; Parameters: "--kiosk"; Tasks: kiosk

[Run]
Filename: "{app}\{#AppExeName}"; Description: "{cm:LaunchApp}"; Flags: nowait postinstall skipifsilent runasoriginaluser

[UninstallDelete]
Type: files; Name: "{app}\deployment.toml"

[Code]
const
  { consultant_app/paths.py: platformdirs' user data folder for "ShowroomDesk". }
  DataFolderName = 'ShowroomDesk';
  DeploymentFileName = 'deployment.toml';

var
  SettingsPage: TInputQueryWizardPage;

{ The value of /NAME=value on the command line, trimmed; '' when it is absent. }
function ParamValue(const Name: String): String;
begin
  Result := Trim(ExpandConstant('{param:' + Name + '|}'));
end;

{ Whether the bare switch /NAME was given (works in the uninstaller too). }
function HasSwitch(const Name: String): Boolean;
var
  I: Integer;
begin
  Result := False;
  for I := 1 to ParamCount do
    if CompareText(ParamStr(I), '/' + Name) = 0 then
    begin
      Result := True;
      Exit;
    end;
end;

function IsHttpUrl(const Value: String): Boolean;
var
  Lower: String;
begin
  Lower := Lowercase(Value);
  Result := ((Pos('https://', Lower) = 1) and (Length(Lower) > 8))
    or ((Pos('http://', Lower) = 1) and (Length(Lower) > 7));
end;

{ A TOML basic string: backslashes and quotes escaped, control characters dropped. }
function TomlString(const Value: String): String;
var
  S: String;
  I: Integer;
begin
  S := Value;
  StringChangeEx(S, '\', '\\', True);
  StringChangeEx(S, '"', '\"', True);
  for I := Length(S) downto 1 do
    if Ord(S[I]) < 32 then
      Delete(S, I, 1);
  Result := '"' + S + '"';
end;

{ /LANG= as the app spells it (zh_CN or en), '' when absent; Invalid when it is neither. }
function LanguageParam(var Invalid: Boolean): String;
begin
  Result := ParamValue('LANG');
  Invalid := False;
  if CompareText(Result, 'zh_CN') = 0 then
    Result := 'zh_CN'
  else if CompareText(Result, 'en') = 0 then
    Result := 'en'
  else if Result <> '' then
    Invalid := True;
end;

function ChannelParam(var Invalid: Boolean): String;
begin
  Result := Lowercase(ParamValue('CHANNEL'));
  Invalid := (Result <> '') and (Result <> 'stable') and (Result <> 'beta');
end;

function InitializeSetup(): Boolean;
var
  Invalid: Boolean;
  Ignored: String;
begin
  Result := True;
  if (ParamValue('SERVER') <> '') and not IsHttpUrl(ParamValue('SERVER')) then
  begin
    SuppressibleMsgBox(CustomMessage('BadServer'), mbError, MB_OK, IDOK);
    Result := False;
  end;
  Ignored := LanguageParam(Invalid);
  if Result and Invalid then
  begin
    SuppressibleMsgBox(CustomMessage('BadLanguage'), mbError, MB_OK, IDOK);
    Result := False;
  end;
  Ignored := ChannelParam(Invalid);
  if Result and Invalid then
  begin
    SuppressibleMsgBox(CustomMessage('BadChannel'), mbError, MB_OK, IDOK);
    Result := False;
  end;
end;

procedure InitializeWizard();
begin
  SettingsPage := CreateInputQueryPage(wpSelectTasks, CustomMessage('SettingsTitle'),
    CustomMessage('SettingsSubtitle'), CustomMessage('SettingsDescription'));
  SettingsPage.Add(CustomMessage('SettingsServer'), False);
  SettingsPage.Add(CustomMessage('SettingsShowroom'), False);
  SettingsPage.Values[0] := ParamValue('SERVER');
  SettingsPage.Values[1] := ParamValue('SHOWROOM');
end;

function ShouldSkipPage(PageID: Integer): Boolean;
begin
  { Settings given on the command line are not asked for again. }
  Result := (PageID = SettingsPage.ID)
    and ((ParamValue('SERVER') <> '') or (ParamValue('SHOWROOM') <> ''));
end;

function NextButtonClick(CurPageID: Integer): Boolean;
var
  Server: String;
begin
  Result := True;
  if CurPageID = SettingsPage.ID then
  begin
    Server := Trim(SettingsPage.Values[0]);
    if (Server <> '') and not IsHttpUrl(Server) then
    begin
      MsgBox(CustomMessage('BadServer'), mbError, MB_OK);
      Result := False;
    end;
  end;
end;

{ Writes {app}\deployment.toml from what was given; given nothing, leaves any existing file. }
procedure WriteDeploymentFile();
var
  Server, Showroom, Language, Channel, Path: String;
  Invalid: Boolean;
  Lines: TArrayOfString;
  Count: Integer;
begin
  Server := Trim(SettingsPage.Values[0]);
  Showroom := Trim(SettingsPage.Values[1]);
  Language := LanguageParam(Invalid);
  Channel := ChannelParam(Invalid);
  Path := ExpandConstant('{app}\' + DeploymentFileName);
  if (Server = '') and (Showroom = '') and (Language = '') and (Channel = '') then
  begin
    Log('No showroom settings given; ' + Path + ' is left as it is.');
    Exit;
  end;
  SetArrayLength(Lines, 6);
  Lines[0] := '# Showroom Desk deployment settings, written by the installer.';
  Lines[1] := '# The manager guide (docs/manager-guide.md) explains every key.';
  Count := 2;
  if Server <> '' then
  begin
    Lines[Count] := 'server_url = ' + TomlString(Server);
    Count := Count + 1;
  end;
  if Showroom <> '' then
  begin
    Lines[Count] := 'showroom = ' + TomlString(Showroom);
    Count := Count + 1;
  end;
  if Language <> '' then
  begin
    Lines[Count] := 'language = ' + TomlString(Language);
    Count := Count + 1;
  end;
  if Channel <> '' then
  begin
    Lines[Count] := 'update_channel = ' + TomlString(Channel);
    Count := Count + 1;
  end;
  SetArrayLength(Lines, Count);
  { UTF-8 without a byte-order mark: TOML is UTF-8, and a showroom's name is Chinese. }
  if SaveStringsToUTF8FileWithoutBOM(Path, Lines, False) then
    Log('Wrote ' + Path)
  else
    SuppressibleMsgBox(FmtMessage(CustomMessage('WriteFailed'), [Path]), mbError, MB_OK, IDOK);
end;

procedure CurStepChanged(CurStep: TSetupStep);
begin
  if CurStep = ssPostInstall then
    WriteDeploymentFile();
end;

{ After the program is removed: keep the customers' data unless the user says otherwise. }
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  DataDir: String;
begin
  if CurUninstallStep <> usPostUninstall then
    Exit;
  DataDir := ExpandConstant('{localappdata}\' + DataFolderName);
  if not DirExists(DataDir) then
    Exit;
  if HasSwitch('REMOVEDATA')
    or (SuppressibleMsgBox(FmtMessage(CustomMessage('RemoveDataQuestion'), [DataDir]),
        mbConfirmation, MB_YESNO or MB_DEFBUTTON2, IDNO) = IDYES) then
  begin
    if DelTree(DataDir, True, True, True) then
      Log('Removed ' + DataDir)
    else
      Log('Could not remove all of ' + DataDir);
  end
  else
    Log('Kept the data in ' + DataDir);
end;
